export type KvdevErrorCode =
  | 'ERR_OPTION'
  | 'ERR_CONFIG'
  | 'ERR_SEED'
  | 'ERR_LOCKED'
  | 'ERR_NOT_FOUND'
  | 'ERR_LIMIT'
  | 'ERR_REMOTE'
  | 'ERR_RUNTIME'

/** The one error class of kvdev: a code, a message that names the value and the rule, and a cause. */
export class KvdevError extends Error {
  override name = 'KvdevError'
  readonly code: KvdevErrorCode

  constructor(code: KvdevErrorCode, message: string, options?: { cause?: unknown }) {
    super(message.startsWith('[kvdev]') ? message : `[kvdev] ${message}`, options)
    this.code = code
  }
}

export function isKvdevError(error: unknown): error is KvdevError {
  return error instanceof KvdevError
}
