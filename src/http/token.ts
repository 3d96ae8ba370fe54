import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { TOKEN_HEADER } from '../constants'

const TOKEN_BYTES = 32

/** A fresh per-process token: 32 random bytes as hex. */
export function createToken(): string {
  return randomBytes(TOKEN_BYTES).toString('hex')
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()

/**
 * Compares in constant time. Both sides are hashed first so the comparison never
 * depends on the candidate's length, and any string (`toString`, `__proto__`) is just data.
 */
export function tokensEqual(candidate: string | null | undefined, token: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || token.length === 0) return false
  return timingSafeEqual(digest(candidate), digest(token))
}

/** The token a request carries in `x-kvdev-token` or `Authorization: Bearer …`, if any. */
export function getRequestToken(headers: Headers): string | undefined {
  const header = headers.get(TOKEN_HEADER)
  if (header !== null) return header.trim()
  const authorization = headers.get('authorization')
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)
  return bearer ? bearer[1] : undefined
}

/** Reads one cookie; lookups go through a Map so names like `__proto__` are plain data. */
export function getCookie(headers: Headers, name: string): string | undefined {
  const cookie = headers.get('cookie')
  if (!cookie) return undefined
  const found = new Map<string, string>()
  for (const part of cookie.split(';')) {
    const index = part.indexOf('=')
    if (index === -1) continue
    const key = part.slice(0, index).trim()
    if (!found.has(key)) found.set(key, part.slice(index + 1).trim())
  }
  return found.get(name)
}
