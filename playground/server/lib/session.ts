import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { GameEnv } from './types'

export const SESSION_COOKIE = 'session'
/** Sessions expire on their own: KV drops the key after an hour. */
export const SESSION_TTL_SECONDS = 3600

export interface Session {
  sub: string
  name: string
  startedAt: string
}

export function getSessionToken(c: Context<GameEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE)
}

/**
 * The game session of the player this request runs as, or null. A session is its player's:
 * after a switch to another persona the browser still sends the old cookie, which is not theirs.
 */
export async function getSession(c: Context<GameEnv>): Promise<Session | null> {
  const token = getSessionToken(c)
  const session = token ? await c.env.KV.get<Session>(`session:${token}`, 'json') : null
  return session && session.sub === c.get('playcademyUser')?.sub ? session : null
}
