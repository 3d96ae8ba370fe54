export type KvdevErrorCode =
  | 'ERR_OPTION'
  | 'ERR_CONFIG'
  | 'ERR_SEED'
  | 'ERR_LOCKED'
  | 'ERR_NOT_FOUND'
  | 'ERR_LIMIT'
  | 'ERR_REMOTE'
  | 'ERR_RUNTIME'
  | 'ERR_REQUEST'
  | 'ERR_METHOD'
  | 'ERR_CONFLICT'
  | 'ERR_BUSY'

export interface KvdevErrorOptions {
  cause?: unknown
  /** The HTTP status an API answers with; else the code's default (`getErrorStatus`). */
  status?: number
  /**
   * Cloudflare's numeric error code, for the REST API's envelope. Such a message goes
   * on the wire as Cloudflare words it, without the `[kvdev]` prefix.
   */
  apiCode?: number
  /** Response headers that belong to the answer (`allow`, `retry-after`). */
  headers?: Record<string, string>
  /** Further errors of the same request (one per bad bulk item). */
  more?: KvdevError[]
}

const CODE_BY_STATUS: Record<number, KvdevErrorCode> = {
  404: 'ERR_NOT_FOUND',
  405: 'ERR_METHOD',
  409: 'ERR_CONFLICT',
  413: 'ERR_LIMIT',
  414: 'ERR_LIMIT',
  429: 'ERR_BUSY',
  503: 'ERR_BUSY',
}

/** The one error class of kvdev: a code, a message that names the value and the rule, and a cause. */
export class KvdevError extends Error {
  override name = 'KvdevError'
  readonly code: KvdevErrorCode
  readonly status: number | undefined
  readonly apiCode: number | undefined
  readonly headers: Record<string, string>
  readonly more: KvdevError[]

  constructor(code: KvdevErrorCode, message: string, options: KvdevErrorOptions = {}) {
    const verbatim = options.apiCode !== undefined || message.startsWith('[kvdev]')
    super(verbatim ? message : `[kvdev] ${message}`, { cause: options.cause })
    this.code = code
    this.status = options.status
    this.apiCode = options.apiCode
    this.headers = options.headers ?? {}
    this.more = options.more ?? []
  }
}

/** An error an HTTP route answers with `status`; the code follows from it. */
export function httpError(status: number, message: string, options: KvdevErrorOptions = {}) {
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'ERR_RUNTIME' : 'ERR_REQUEST')
  return new KvdevError(code, message, { ...options, status })
}

export function isKvdevError(error: unknown): error is KvdevError {
  return error instanceof KvdevError
}
