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

export async function getSession(c: Context<GameEnv>): Promise<Session | null> {
  const token = getSessionToken(c)
  return token ? c.env.KV.get<Session>(`session:${token}`, 'json') : null
}
