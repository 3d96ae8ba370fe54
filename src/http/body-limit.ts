import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { API_LIMITS } from '../constants'
import { httpError } from '../errors'

/** Bytes of request bodies admitted and not yet answered, across every kvdev server of the process. */
let inFlight = 0

/**
 * Admits an upload of up to `bytes` into the process-wide budget, or refuses it with a
 * 503 and `Retry-After`. One upload is always admitted, so the largest allowed body
 * never waits forever.
 */
function admit(bytes: number): () => void {
  const budget = API_LIMITS.MAX_IN_FLIGHT_BODY_BYTES
  if (inFlight > 0 && inFlight + bytes > budget) {
    throw httpError(
      503,
      `Too many uploads at once: ${inFlight + bytes} bytes of request bodies would be in flight. The server holds at most ${budget} at a time; retry in a moment.`,
      { headers: { 'retry-after': String(API_LIMITS.BUSY_RETRY_AFTER_SECONDS) } },
    )
  }
  inFlight += bytes
  let released = false
  return () => {
    if (!released) inFlight -= bytes
    released = true
  }
}

/** The bytes of request bodies the process holds right now (tests and diagnostics). */
export function getBodiesInFlight(): number {
  return inFlight
}

/**
 * A route's body limit: a malformed `Content-Length` is a 400, a declared oversize body
 * a 413 before any byte is read, an undeclared one a 413 as soon as the streamed bytes
 * pass `maxSize` (Hono's `bodyLimit`); within the limit, the body counts against the
 * process-wide budget until the route has answered. `tooLarge` words the 413 in the
 * route's own voice, from the declared length or a lower bound.
 */
export function limitBody(
  maxSize: number,
  tooLarge: (length: number, exact: boolean) => Error,
): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge(maxSize + 1, false)
    },
  })
  return async (c, next) => {
    const declared = c.req.header('content-length')
    const chunked = c.req.header('transfer-encoding') !== undefined
    if (declared !== undefined && !chunked) {
      if (!/^\d+$/.test(declared)) {
        throw httpError(
          400,
          `Invalid Content-Length: ${JSON.stringify(declared)}. It must be a number of bytes.`,
        )
      }
      if (Number(declared) > maxSize) throw tooLarge(Number(declared), true)
    }
    if (!c.req.raw.body) return next()
    const release = admit(declared !== undefined && !chunked ? Number(declared) : maxSize)
    try {
      await limit(c, next)
    } finally {
      release()
    }
  }
}
