import type { Context } from 'hono'
import type { GameEnv } from './types'

interface Window {
  count: number
  resetAt: number
}

/** KV's shortest TTL is 60 s, so the window is a minute. */
const WINDOW_SECONDS = 60

/**
 * Fixed-window rate limit under `ratelimit:`: returns a 429 response when `name` was used
 * more than `limit` times this minute by the current player, otherwise null.
 */
export async function rateLimit(
  c: Context<GameEnv>,
  name: string,
  limit: number,
): Promise<Response | null> {
  const who = c.get('playcademyUser')?.sub ?? c.req.header('x-forwarded-for') ?? 'anonymous'
  const key = `ratelimit:user:${who}:${name}`
  const now = Date.now()
  const stored = await c.env.KV.get<Window>(key, 'json')
  const window =
    stored && stored.resetAt > now ? stored : { count: 0, resetAt: now + WINDOW_SECONDS * 1000 }
  if (window.count >= limit) {
    c.header('Retry-After', String(Math.ceil((window.resetAt - now) / 1000)))
    return c.json({ error: `Too many requests: ${limit} per minute. Try again shortly.` }, 429)
  }
  window.count++
  await c.env.KV.put(key, JSON.stringify(window), { expirationTtl: WINDOW_SECONDS })
  return null
}
