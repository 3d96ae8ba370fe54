// Types `c.get('playcademyUser')` in every route, with no casts.
import type {} from 'kvdev/hono'
