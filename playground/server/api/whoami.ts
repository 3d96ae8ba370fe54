import type { Context } from 'hono'
import type { GameEnv } from '../lib/types'

/** The player this request runs as: switch personas in the inspector at /__kv/. */
export function GET(c: Context<GameEnv>) {
  const user = c.get('playcademyUser')
  return c.json({
    success: true,
    data: user ? { sub: user.sub, name: user.name, email: user.email } : null,
  })
}
