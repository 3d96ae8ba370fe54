import { httpError, isKvdevError, type KvdevErrorCode } from '../errors'

const STATUS_BY_CODE: Partial<Record<KvdevErrorCode, number>> = {
  ERR_OPTION: 400,
  ERR_SEED: 400,
  ERR_CONFIG: 400,
  ERR_REQUEST: 400,
  ERR_NOT_FOUND: 404,
  ERR_METHOD: 405,
  ERR_LOCKED: 409,
  ERR_CONFLICT: 409,
  ERR_LIMIT: 413,
  ERR_BUSY: 503,
}

// The binding reports Cloudflare's own status in its message: `KV PUT failed: 414 UTF-8 encoded…`.
const BINDING_FAILURE = /^KV [A-Z]+ failed: (\d{3}) /

/**
 * The HTTP status for an error thrown while serving a request: validation errors of
 * the binding and the store become 4xx with their message, anything else 500.
 */
export function getErrorStatus(error: unknown): number {
  if (isKvdevError(error)) return error.status ?? STATUS_BY_CODE[error.code] ?? 500
  if (!(error instanceof Error)) return 500
  const match = BINDING_FAILURE.exec(error.message)
  if (match) {
    const status = Number(match[1])
    return status >= 400 && status < 500 ? status : 500
  }
  // The binding's argument checks (`KV put() accepts only strings…`); other TypeErrors are bugs.
  return error instanceof TypeError && error.message.startsWith('KV ') ? 400 : 500
}

/**
 * Runs a binding call, turning its argument errors (TypeError: `"." is not allowed as a
 * key name.`) into 400s: here they come from the request, not from a bug.
 */
export async function asClientError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof TypeError) throw httpError(400, error.message, { cause: error })
    throw error
  }
}
