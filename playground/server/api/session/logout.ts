import type { Context } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { getSessionToken, SESSION_COOKIE } from '../../lib/session'
import type { GameEnv } from '../../lib/types'

export async function POST(c: Context<GameEnv>) {
  const token = getSessionToken(c)
  if (token) await c.env.KV.delete(`session:${token}`)
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
  return c.json({ success: true })
}
