import { sign, verify } from 'hono/jwt'
import type { TelegramUser } from './telegram-user'

/** The claims of a token from `POST /sdk/v1/auth/validate`: what `requireUser()` reads. */
export interface TmaClaims extends TelegramUser {
  sub: string
  projectId: string
  iat: number
  exp: number
}

/** How long a token lasts: a dev session, the page keeps its token in memory until a reload. */
export const TMA_TOKEN_TTL_SECONDS = 24 * 60 * 60

export interface TmaKeys {
  /** The public key set as JSON text: what TMA puts in `env.TMA_JWKS` for `requireUser()`. */
  jwks: string
  /** A token for `user` in `projectId`. */
  sign(user: TelegramUser, projectId: string): Promise<string>
  /** The claims of a token these keys signed; throws for any other token. */
  verify(token: string): Promise<TmaClaims>
}

/**
 * A fresh ES256 key pair (one per process in dev): tokens it signs verify with its public
 * key set and nowhere else, so they mean nothing once the process ends.
 *
 * @example
 * const keys = await createTmaKeys()
 * app.route('/', tmaPlatform({ keys }))
 */
export async function createTmaKeys(): Promise<TmaKeys> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  const kid = `kvdev-${crypto.randomUUID()}`
  const meta = { kid, alg: 'ES256', use: 'sig' }
  const publicJwk = { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), ...meta }
  const privateJwk = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), ...meta }
  return {
    jwks: JSON.stringify({ keys: [publicJwk] }),
    async sign(user, projectId) {
      const iat = Math.floor(Date.now() / 1000)
      const claims: TmaClaims = {
        sub: String(user.telegramId),
        ...user,
        projectId,
        iat,
        exp: iat + TMA_TOKEN_TTL_SECONDS,
      }
      return sign({ ...claims }, privateJwk as never, 'ES256')
    },
    async verify(token) {
      return (await verify(token, publicJwk as never, 'ES256')) as unknown as TmaClaims
    },
  }
}
