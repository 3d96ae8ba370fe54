import type { Context } from 'hono'
import { httpError } from '../../errors'
import { ANONYMOUS, USER_COOKIE } from '../../users/personas'
import type { KvdevApiEnv } from '../env'
import { readJsonObject } from '../json'

/** `GET users`: the personas and the one this browser's app requests run as. */
export function listUsers(c: Context<KvdevApiEnv>) {
  const { personas } = c.var
  const resolved = personas.resolve(c.req.raw.headers)
  const user = 'user' in resolved ? resolved.user : personas.fallback
  return c.json({ personas: personas.list, active: user?.sub ?? ANONYMOUS })
}

/** `PUT users/active`: picks the persona for this browser through the `kvdev_user` cookie. */
export async function setActiveUser(c: Context<KvdevApiEnv>) {
  const { personas } = c.var
  const { sub } = await readJsonObject(c)
  if (typeof sub !== 'string' || personas.find(sub) === undefined) {
    const known = [...personas.list.map((u) => u.sub), ANONYMOUS].join(', ')
    throw httpError(400, `Unknown user: ${JSON.stringify(sub)?.slice(0, 80)}. Known: ${known}.`)
  }
  c.header(
    'set-cookie',
    `${USER_COOKIE}=${encodeURIComponent(sub)}; Path=/; SameSite=Strict; HttpOnly`,
  )
  return c.json({ ok: true as const, active: sub })
}
