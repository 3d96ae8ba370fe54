import { type Context, Hono, type MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { checkPrefix, describeViolation } from '../../rules'
import { createPersonas, type Personas } from '../../users/personas'
import type { UserOption } from '../../users/types'
import { getBinding } from '../binding'
import { jsonWriteGuard } from '../json-request'
import { checkJsonWrite, parseStoredJson } from '../json-value'
import { readKey } from '../path-key'
import { USER_KV_MAX_VALUE_BYTES } from '../user-kv'
import type { TmaClaims, TmaKeys } from './keys'
import { pickTelegramUser } from './telegram-user'

/** Where `@tma.sh/sdk`'s client sends its calls, below its `apiUrl`. */
export const TMA_SDK_BASE = '/sdk/v1'

export interface TmaPlatformOptions {
  /** The keys that sign the tokens; their `jwks` goes in `env.TMA_JWKS` of the app's routes. */
  keys: TmaKeys
  /** The personas `validate` signs in: kvdev's `user` option, or its resolved personas. @default one default persona */
  user?: UserOption | Personas
  /** The KV binding in `c.env` that holds the project's keys. @default 'KV' */
  binding?: string
}

type TmaEnv = { Variables: { tmaUser: TmaClaims } }

/** TMA's envelope: `{ success: true, data }` or `{ success: false, error }`. */
const ok = (c: Context, data: unknown) => c.json({ success: true, data })
const fail = (c: Context, status: ContentfulStatusCode, error: string) =>
  c.json({ success: false, error }, status)

const isPersonas = (user: TmaPlatformOptions['user']): user is Personas =>
  typeof (user as Personas | undefined)?.resolve === 'function'

/**
 * TMA.sh's platform endpoints as `@tma.sh/sdk`'s client calls them, over a KV binding:
 * `POST /sdk/v1/auth/validate` `{ initData, projectId }` signs a persona in and answers
 * `{ jwt, user }`; `GET|PUT|DELETE /sdk/v1/kv/<key>` and `GET /sdk/v1/kv?prefix=` take that
 * JWT as a bearer token. Keys are the project's, shared by every user (TMA's project KV),
 * stored as JSON text under the key itself, so `createKV(c.env.KV)` in a route reads them;
 * values are at most 128 KB and keys 512 bytes, as TMA documents.
 *
 * @example
 * const keys = await createTmaKeys()
 * export default tmaPlatform({ keys, user: [{ sub: 'ada', name: 'Ada', telegramId: 1001 }] })
 */
export function tmaPlatform(options: TmaPlatformOptions): Hono {
  const { keys } = options
  const binding = options.binding ?? 'KV'
  const personas = isPersonas(options.user) ? options.user : createPersonas(options.user)
  const app = new Hono<TmaEnv>().basePath(TMA_SDK_BASE)
  const [jsonOnly, sizeLimit] = jsonWriteGuard(fail, USER_KV_MAX_VALUE_BYTES) as [
    MiddlewareHandler,
    MiddlewareHandler,
  ]

  app.post('/auth/validate', jsonOnly, sizeLimit, async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null
    const { initData, projectId } = body ?? {}
    if (typeof initData !== 'string' || typeof projectId !== 'string' || projectId === '')
      return fail(
        c,
        400,
        '[kvdev] Invalid validate body. Send `{ "initData": <string>, "projectId": <non-empty string> }`.',
      )
    const picked = pickTelegramUser(initData, personas, c.req.raw.headers)
    if ('error' in picked) return fail(c, 401, picked.error)
    return ok(c, { jwt: await keys.sign(picked.user, projectId), user: picked.user })
  })

  const signedIn: MiddlewareHandler<TmaEnv> = async (c, next) => {
    const token = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1]
    if (!token)
      return fail(c, 401, '[kvdev] No token. Call `tma.auth.validate(initData, projectId)` first.')
    try {
      c.set('tmaUser', await keys.verify(token))
    } catch (error) {
      return fail(
        c,
        401,
        `[kvdev] Invalid token: ${(error as Error).name}. Validate again: tokens of an earlier dev server no longer verify.`,
      )
    }
    await next()
  }
  app.use('/kv', signedIn)
  app.use('/kv/*', signedIn)

  app.get('/kv', async (c) => {
    const prefix = c.req.query('prefix') ?? ''
    const violation = checkPrefix(prefix)
    if (violation) return fail(c, 400, `[kvdev] ${describeViolation(violation)}`)
    const page = await getBinding(c, binding).list({
      prefix,
      cursor: c.req.query('cursor') ?? null,
    })
    const names = page.keys.map((k) => ({ name: k.name }))
    return ok(
      c,
      page.list_complete
        ? { keys: names, list_complete: true }
        : { keys: names, list_complete: false, cursor: page.cursor },
    )
  })
  app.get('/kv/:key{.+}', async (c) => {
    const target = readKey(c)
    if ('status' in target) return fail(c, target.status, target.message)
    const value = parseStoredJson(await getBinding(c, binding).get(target.key))
    // The client turns this 404 into `null`.
    if (value === null) return fail(c, 404, `[kvdev] No value: ${JSON.stringify(target.key)}.`)
    return ok(c, value)
  })
  app.put('/kv/:key{.+}', jsonOnly, sizeLimit, async (c) => {
    const target = readKey(c)
    if ('status' in target) return fail(c, target.status, target.message)
    let value: unknown
    try {
      value = JSON.parse(await c.req.text())
    } catch (error) {
      return fail(
        c,
        400,
        `[kvdev] Body is not JSON: ${(error as Error).message}. Send the value as JSON.`,
      )
    }
    const write = checkJsonWrite({ key: target.key, value, maxValueBytes: USER_KV_MAX_VALUE_BYTES })
    if (!write.ok) return fail(c, 400, `[kvdev] ${write.error}`)
    await getBinding(c, binding).put(write.key, write.text)
    return ok(c, null)
  })
  app.delete('/kv/:key{.+}', async (c) => {
    const target = readKey(c)
    if ('status' in target) return fail(c, target.status, target.message)
    await getBinding(c, binding).delete(target.key)
    return ok(c, null)
  })

  app.notFound((c) =>
    fail(
      c,
      404,
      `[kvdev] No TMA SDK route: ${c.req.method} ${c.req.path}. kvdev serves /sdk/v1/auth/validate and /sdk/v1/kv.`,
    ),
  )
  app.onError((error, c) => fail(c, 500, error.message))
  return app as unknown as Hono
}
