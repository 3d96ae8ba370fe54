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
 * A failed API call, carried to the envelope. Kept apart from `KvdevError`
 * because its message goes on the wire exactly as Cloudflare words it.
 */
export class CloudflareApiError extends Error {
  override name = 'CloudflareApiError'
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly options: { headers?: Record<string, string>; more?: CloudflareApiError[] } = {},
  ) {
    super(message)
  }
}

const SAFE_HEADERS = { 'x-content-type-options': 'nosniff' }

export interface ResultInfo {
  [field: string]: unknown
}

/** `{ success: true, errors: [], messages: [], result, result_info? }` */
export function ok(result: unknown, resultInfo?: ResultInfo): Response {
  const body = {
    success: true,
    errors: [],
    messages: [],
    result,
    ...(resultInfo && { result_info: resultInfo }),
  }
  return Response.json(body, { headers: SAFE_HEADERS })
}

export function fail(error: CloudflareApiError): Response {
  const body = {
    success: false,
    errors: [error, ...(error.options.more ?? [])].map(({ code, message }) => ({ code, message })),
    messages: [],
    result: null,
  }
  return Response.json(body, {
    status: error.status,
    headers: { ...SAFE_HEADERS, ...error.options.headers },
  })
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
  if (error instanceof CloudflareApiError) return fail(error)
  const message = error instanceof Error ? error.message : String(error)
  const match = BINDING_FAILURE.exec(message)
  if (match) {
    const status = Number(match[1])
    const text = match[2]!.trim()
    return fail(new CloudflareApiError(status, codeFor(status, text), text))
  }
  return fail(
    new CloudflareApiError(
      500,
      CF_ERROR.SERVICE_UNAVAILABLE,
      `[kvdev] The local KV runtime failed: ${message}. Check the dev server's terminal; restarting it reopens the store.`,
    ),
  )
}
