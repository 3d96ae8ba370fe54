import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { checkKey, checkPrefix, describeViolation } from '../rules'
import type { PlaycademyUser } from '../users/types'
import { getBinding } from './binding'
import { jsonWriteGuard, readJsonObject } from './json-request'
import { checkJsonWrite, parseStoredJson } from './json-value'

/** TMA.sh's documented cap on a value: 128 KB. */
export const USER_KV_MAX_VALUE_BYTES = 131_072

export interface UserKvOptions {
  /** The KV binding in `c.env`. @default 'KV' */
  binding?: string
  /** Largest value, as JSON text, in bytes. @default 131072 (TMA's 128 KB) */
  maxValueBytes?: number
}

type UserEnv = { Variables: { playcademyUser: PlaycademyUser | undefined } }

const fail = (c: Context, status: 400 | 401 | 413 | 414 | 415, error: string) =>
  c.json({ error }, status)

/** A key over 512 bytes with its prefix answers 414 with the rule before KV is asked. */
const refuseLongKey = (c: Context, key: string) => {
  const violation = checkKey(key)
  return violation?.rule === 'key-too-long'
    ? fail(c, 414, `[kvdev] ${describeViolation(violation)}`)
    : undefined
}

/** Where a user's keys live: `user:<sub>:`. */
export const userKeyPrefix = (sub: string) => `user:${sub}:`

const signedIn: MiddlewareHandler<UserEnv & { Variables: { prefix: string } }> = async (
  c,
  next,
) => {
  const user = c.get('playcademyUser')
  if (typeof user?.sub === 'string' && user.sub.includes(':'))
    // `user:a:b:c` would be both sub `a` key `b:c` and sub `a:b` key `c`.
    return fail(
      c,
      400,
      `[kvdev] User id has a colon: ${JSON.stringify(user.sub)}. Per-user keys are \`user:<sub>:<key>\`, so a sub must not contain ":".`,
    )
  if (!user || typeof user.sub !== 'string' || user.sub === '')
    return fail(
      c,
      401,
      '[kvdev] Not signed in: no `playcademyUser` on this request. KV is per user; sign in first.',
    )
  c.set('prefix', userKeyPrefix(user.sub))
  await next()
}

/**
 * The API behind `createKvClient` (TMA's `tma.kv`), as a Hono app to mount on your own
 * API: every key is the signed-in user's (`user:<sub>:<key>` in the namespace, names
 * come back without the prefix); no user means 401. Routes: `GET /keys?prefix=`,
 * `GET|PUT|DELETE /values/<key>` (`data: null` for a missing key; writes as `application/json`, `{ "value": … }`).
 *
 * @example
 * // server/api/kv/index.ts → /api/kv, the client's default base URL
 * import { userKv } from 'kvdev/server'
 * export default userKv()
 */
export function userKv(options: UserKvOptions = {}): Hono {
  const binding = options.binding ?? 'KV'
  const maxValueBytes = options.maxValueBytes ?? USER_KV_MAX_VALUE_BYTES
  const app = new Hono<UserEnv & { Variables: { prefix: string } }>()
  const [jsonOnly, sizeLimit] = jsonWriteGuard(fail, maxValueBytes) as [
    MiddlewareHandler,
    MiddlewareHandler,
  ]
  app.use('*', signedIn)
  app.get('/keys', async (c) => {
    const prefix = c.get('prefix')
    const given = c.req.query('prefix') ?? ''
    const violation = checkPrefix(prefix + given)
    if (violation) return fail(c, 400, `[kvdev] ${describeViolation(violation)}`)
    const page = await getBinding(c, binding).list({
      prefix: prefix + given,
      cursor: c.req.query('cursor') ?? null,
    })
    const keys = page.keys.map((k) => ({ name: k.name.slice(prefix.length) }))
    return c.json({
      data: page.list_complete
        ? { keys, list_complete: true }
        : { keys, list_complete: false, cursor: page.cursor },
    })
  })
  app.get('/values/:key{.+}', async (c) => {
    // A missing key is `data: null` with 200 (values are never null): no 404 noise in the console.
    const key = c.get('prefix') + c.req.param('key')
    const refused = refuseLongKey(c, key)
    if (refused) return refused
    const text = await getBinding(c, binding).get(key)
    return c.json({ data: parseStoredJson(text) })
  })
  app.put('/values/:key{.+}', jsonOnly, sizeLimit, async (c) => {
    const read = await readJsonObject(c)
    if ('error' in read) return fail(c, 400, read.error)
    const key = c.get('prefix') + c.req.param('key')
    const refused = refuseLongKey(c, key)
    if (refused) return refused
    const write = checkJsonWrite({ key, value: read.body.value, maxValueBytes })
    if (!write.ok) return fail(c, 400, `[kvdev] ${write.error}`)
    await getBinding(c, binding).put(write.key, write.text)
    return c.json({ data: JSON.parse(write.text) })
  })
  app.delete('/values/:key{.+}', jsonOnly, async (c) => {
    const key = c.get('prefix') + c.req.param('key')
    const refused = refuseLongKey(c, key)
    if (refused) return refused
    await getBinding(c, binding).delete(key)
    return c.json({ data: true })
  })
  app.onError((error, c) => c.json({ error: error.message }, 500))
  return app as unknown as Hono
}
