import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Refusal } from '../path-key'

/** @workertown/kv's answer: `{ status, success, data }`. */
export function envelope(c: Context, status: ContentfulStatusCode, data: unknown): Response {
  return c.json({ status, success: status < 400, data }, status)
}

/** @workertown/kv's hint for each error status (`internal/server/src/server.ts`, `middleware/`). */
const HINTS: Partial<Record<number, string>> = {
  401: 'The user is not authenticated',
  404: 'The requested resource was not found',
  500: 'An unexpected error occurred while processing the request',
}

/**
 * An error in @workertown/kv's envelope, `{ success: false, status, data: null, error }`, with
 * its `X-Workertown-Hint` header: upstream's hint for the status, or `hint` when given.
 */
export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  error: string,
  hint?: string,
): Response {
  const header = hint ?? HINTS[status] ?? error
  // A header holds one line of Latin-1 text: anything else would make the answer throw.
  const safe = header.replace(/[^\x20-\x7e]/g, '?')
  return c.json({ success: false, status, data: null, error }, status, {
    'X-Workertown-Hint': safe,
  })
}

/**
 * A refusal in @workertown/kv's words: a broken body is its validation failure,
 * `400 { status, success: false, data: null, errors: [{ location, path, message }] }`
 * (`internal/server/src/middleware/validate.ts`); a key refused in the path is an error.
 */
export function refusalResponse(c: Context, refusal: Refusal): Response {
  if (!refusal.field) return errorResponse(c, refusal.status, refusal.message)
  const errors = [{ location: 'body', path: refusal.field, message: refusal.message }]
  return c.json({ status: 400, success: false, data: null, errors }, 400)
}
