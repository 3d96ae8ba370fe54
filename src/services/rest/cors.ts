import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { errorResponse } from './envelope'

type CorsOptions = NonNullable<Parameters<typeof cors>[0]>

/** `kvRest`'s `cors` option: Hono's `cors()` options, with the origins to allow required. */
export type KvRestCorsOptions = CorsOptions & { origin: NonNullable<CorsOptions['origin']> }

async function isAllowed(origin: string, c: Context, allow: KvRestCorsOptions['origin']) {
  if (typeof allow === 'string') return allow === '*' || allow === origin
  if (Array.isArray(allow)) return allow.includes(origin)
  return Boolean(await allow(origin, c))
}

/**
 * Requests a browser sends from another origin: with `cors`, an allowed origin gets Hono's
 * `cors()` (preflights answered, the headers on every answer); any other is refused with 403
 * before auth and before the route runs, so a write the browser would hide from its page is
 * never made. Requests without `Origin` (curl, servers) and same-origin pages pass as before.
 */
export function createCorsGate(options: KvRestCorsOptions | undefined): MiddlewareHandler {
  const allowed = options && cors(options)
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (origin === undefined) return next()
    if (origin === new URL(c.req.url).origin) return next()
    if (allowed && (await isAllowed(origin, c, options.origin))) return allowed(c, next)
    const fix = allowed
      ? 'Add it to `cors.origin` of kvRest()'
      : 'Pass `cors: { origin: [...] }` to kvRest() to serve pages of other origins'
    return errorResponse(
      c,
      403,
      `[kvdev] Origin not allowed: ${JSON.stringify(origin.slice(0, 200))}. ${fix}.`,
      'The origin is not allowed',
    )
  }
}
