import type { Context } from 'hono'
import { setCookie } from 'hono/cookie'
import { SESSION_COOKIE, SESSION_TTL_SECONDS, type Session } from '../../lib/session'
import type { GameEnv } from '../../lib/types'

export async function POST(c: Context<GameEnv>) {
  const user = c.get('playcademyUser')
  if (!user) return c.json({ error: 'Not authenticated' }, 401)
  const token = crypto.randomUUID()
  const session: Session = { sub: user.sub, name: user.name, startedAt: new Date().toISOString() }
  await c.env.KV.put(`session:${token}`, JSON.stringify(session), {
    expirationTtl: SESSION_TTL_SECONDS,
    metadata: { email: user.email, name: user.name },
  })
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  })
  return c.json({ success: true, data: session })
}
