import type { Context, MiddlewareHandler } from 'hono'
import { basicAuth } from 'hono/basic-auth'
import { bearerAuth } from 'hono/bearer-auth'
import { some } from 'hono/combine'
import { HTTPException } from 'hono/http-exception'
import { jwk } from 'hono/jwk'
import { jwt } from 'hono/jwt'
import { timingSafeEqual } from 'hono/utils/buffer'
import { decodeHeader } from 'hono/utils/jwt/jwt'
import { errorResponse } from './envelope'
import type { JwksCache } from './jwks-cache'
import type { KvRestAuthOptions } from './options'

const ENV = {
  apiKey: 'KV_API_KEY',
  username: 'KV_USERNAME',
  password: 'KV_PASSWORD',
  secret: 'KV_JWT_SECRET',
  jwksUrl: 'KV_JWKS_URL',
  issuer: 'KV_JWT_ISSUER',
  audience: 'KV_JWT_AUDIENCE',
} as const

const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const

/** `X-API-Key: <key>`, any characters (a bearer token must be token68), in constant time. */
function apiKeyHeader(key: string): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header('X-API-Key')
    if (given === undefined || !(await timingSafeEqual(key, given)))
      throw new HTTPException(401, { message: 'Unauthorized' })
    await next()
  }
}

interface Strategy {
  name: string
  middleware: MiddlewareHandler[]
}

/** A configured value: the option, else the environment variable; empty means unset. */
function pick(given: string | undefined, env: Record<string, unknown>, name: string) {
  const value = given ?? env[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The `kid` in the header of the request's bearer JWT, if it has one. */
function bearerKid(c: Context): string | undefined {
  const token = /^bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
  try {
    const kid = token && (decodeHeader(token) as { kid?: unknown }).kid
    return typeof kid === 'string' ? kid : undefined
  } catch {
    return undefined
  }
}

/**
 * The strategies configured for this request's environment, with Hono's own middleware.
 * JWKS keys come from `jwks` (cached, bounded, no redirects) rather than from `jwk`'s own
 * `jwks_uri`, which fetches on every request and answers 500 with the URL when it fails.
 */
export function getStrategies(
  auth: KvRestAuthOptions,
  env: Record<string, unknown>,
  jwks: JwksCache,
): Strategy[] {
  const strategies: Strategy[] = []
  if (auth.apiKey !== false) {
    const o = auth.apiKey ?? {}
    const token = pick(o.apiKey, env, o.env?.apiKey ?? ENV.apiKey)
    // bearerAuth compares tokens in constant time (hono/utils/buffer's timingSafeEqual).
    if (token)
      strategies.push({
        name: 'api key',
        middleware: [bearerAuth({ token }), apiKeyHeader(token)],
      })
  }
  if (auth.basic !== false) {
    const o = auth.basic ?? {}
    const username = pick(o.username, env, o.env?.username ?? ENV.username)
    const password = pick(o.password, env, o.env?.password ?? ENV.password)
    if (username && password)
      strategies.push({ name: 'basic', middleware: [basicAuth({ username, password })] })
  }
  if (auth.jwt !== false) {
    const o = auth.jwt ?? {}
    const secret = pick(o.secret, env, o.env?.secret ?? ENV.secret)
    const jwksUrl = pick(o.jwksUrl, env, o.env?.jwksUrl ?? ENV.jwksUrl)
    const iss = pick(o.issuer, env, o.env?.issuer ?? ENV.issuer)
    const aud = pick(o.audience, env, o.env?.audience ?? ENV.audience)
    const verification = { ...(iss ? { iss } : {}), ...(aud ? { aud } : {}) }
    const middleware: MiddlewareHandler[] = []
    if (secret) middleware.push(jwt({ secret, alg: o.algorithm ?? 'HS256', verification }))
    if (jwksUrl)
      middleware.push(
        jwk({
          keys: (c) => jwks.keysFor(jwksUrl, bearerKid(c)),
          alg: o.algorithms ?? [...JWKS_ALGORITHMS],
          verification,
        }),
      )
    if (middleware.length > 0) strategies.push({ name: 'jwt', middleware })
  }
  return strategies
}

const NONE_CONFIGURED =
  '[kvdev] No auth strategy is configured for the KV REST service: none of KV_API_KEY, KV_USERNAME + KV_PASSWORD, KV_JWT_SECRET or KV_JWKS_URL is set. Set one (in `.dev.vars` in dev, with `wrangler secret put` on Workers), pass `auth` to kvRest(), or pass `auth: false` to serve without auth.'

/**
 * Auth as @workertown/kv describes it: every configured strategy is tried and the
 * request passes when any accepts it (Hono's `some`). With none configured, every
 * request is refused with 401 and how to configure one in `X-Workertown-Hint`.
 */
export function createAuth(
  auth: false | KvRestAuthOptions | undefined,
  jwks: JwksCache,
): MiddlewareHandler {
  if (auth === false) return async (_c, next) => next()
  return async (c: Context, next) => {
    const env = (c.env ?? {}) as Record<string, unknown>
    const strategies = getStrategies(auth ?? {}, env, jwks)
    // Nothing can authenticate the request: @workertown/kv's 401, the fix in its hint.
    if (strategies.length === 0) return errorResponse(c, 401, 'Unauthorized', NONE_CONFIGURED)
    try {
      return await some(...strategies.flatMap((s) => s.middleware))(c, next)
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error
      const names = strategies.map((s) => s.name).join(', ')
      const reason = error.message ? ` (${error.message})` : ''
      // `error` is @workertown/kv's exact word; kvdev's reason goes in its hint header.
      const response = errorResponse(
        c,
        401,
        'Unauthorized',
        `[kvdev] Unauthorized: no configured strategy (${names}) accepted the request${reason}. Send \`Authorization: Bearer <key or JWT>\`, \`X-API-Key\` or HTTP basic credentials.`,
      )
      const challenge = error.getResponse().headers.get('WWW-Authenticate')
      if (challenge) response.headers.set('WWW-Authenticate', challenge)
      return response
    }
  }
}
