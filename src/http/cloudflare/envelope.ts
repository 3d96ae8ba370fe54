import type { Context } from 'hono'
import { httpError, isKvdevError, type KvdevError } from '../../errors'

/**
 * Cloudflare's v4 API envelope and error codes. The codes and messages are
 * Cloudflare's own (clients such as wrangler and the official SDK match on the
 * code), so this module keeps them verbatim instead of kvdev's `[kvdev]` style.
 */
export const CF_ERROR = {
  SERVICE_UNAVAILABLE: 10001,
  MALFORMED_PAGE: 10007,
  MALFORMED_PER_PAGE: 10008,
  KEY_NOT_FOUND: 10009,
  MALFORMED_VALUE: 10012,
  NAMESPACE_NOT_FOUND: 10013,
  PAYLOAD_TOO_LARGE: 10024,
  INVALID_LIMIT: 10028,
  INVALID_REQUEST: 10029,
  KEY_TOO_LONG: 10030,
  INVALID_EXPIRATION: 10033,
  INVALID_EXPIRATION_TTL: 10034,
  ILLEGAL_KEY_NAME: 10042,
  INVALID_ORDER: 10043,
  INVALID_DIRECTION: 10044,
  INVALID_METADATA: 10047,
  /** As kvdev's own endpoints answer a wrong method. */
  METHOD_NOT_ALLOWED: 10405,
  /** Cloudflare's generic "Could not route to <path>" answer. */
  NO_ROUTE: 7003,
} as const

/**
 * A failed API call, carried to the envelope: kvdev's one error class with Cloudflare's
 * numeric code, its message going on the wire exactly as Cloudflare words it.
 */
export function cloudflareError(
  status: number,
  apiCode: number,
  message: string,
  options: { headers?: Record<string, string>; more?: KvdevError[] } = {},
): KvdevError {
  return httpError(status, message, { ...options, apiCode })
}

export interface ResultInfo {
  [field: string]: unknown
}

/** `{ success: true, errors: [], messages: [], result, result_info? }` */
export function ok<T>(c: Context, result: T, resultInfo?: ResultInfo): Response {
  return c.json({
    success: true as const,
    errors: [] as { code: number; message: string }[],
    messages: [] as string[],
    result,
    ...(resultInfo && { result_info: resultInfo }),
  })
}

function fail(error: KvdevError): Response {
  const body = {
    success: false,
    errors: [error, ...error.more].map(({ apiCode, message }) => ({ code: apiCode, message })),
    messages: [],
    result: null,
  }
  return Response.json(body, { status: error.status, headers: error.headers })
}

const BINDING_FAILURE = /^KV [A-Z_]+ failed: (\d{3}) ([\s\S]*)$/

function codeFor(status: number, message: string): number {
  if (status === 414) return CF_ERROR.KEY_TOO_LONG
  if (status === 413) return CF_ERROR.PAYLOAD_TOO_LARGE
  if (status === 404) return CF_ERROR.KEY_NOT_FOUND
  if (message.includes('expiration_ttl')) return CF_ERROR.INVALID_EXPIRATION_TTL
  if (message.includes('expiration')) return CF_ERROR.INVALID_EXPIRATION
  if (message.includes('key_count_limit')) return CF_ERROR.INVALID_LIMIT
  if (/Illegal key name|must not be empty/.test(message)) return CF_ERROR.ILLEGAL_KEY_NAME
  return CF_ERROR.INVALID_REQUEST
}

/**
 * Turns anything thrown by a handler into Cloudflare's envelope. The binding
 * reports its own validation as `KV PUT failed: 414 <message>`: that status
 * and message are the platform's, so they pass through unchanged.
 */
export function toFailure(error: unknown): Response {
  if (isKvdevError(error) && error.apiCode !== undefined) return fail(error)
  if (isKvdevError(error) && error.status !== undefined) {
    // kvdev's own refusals on this API (a malformed Content-Length, uploads over the memory budget).
    const { status, message, headers } = error
    const code = status >= 500 ? CF_ERROR.SERVICE_UNAVAILABLE : codeFor(status, message)
    return fail(cloudflareError(status, code, message, { headers }))
  }
  const message = error instanceof Error ? error.message : String(error)
  const match = BINDING_FAILURE.exec(message)
  if (match) {
    const status = Number(match[1])
    const text = match[2]!.trim()
    return fail(cloudflareError(status, codeFor(status, text), text))
  }
  return fail(
    cloudflareError(
      500,
      CF_ERROR.SERVICE_UNAVAILABLE,
      `[kvdev] The local KV runtime failed: ${message}. Check the dev server's terminal; restarting it reopens the store.`,
    ),
  )
}
