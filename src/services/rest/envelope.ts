import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** @workertown/kv's answer: `{ status, success, data }`. */
export function envelope(c: Context, status: ContentfulStatusCode, data: unknown): Response {
  return c.json({ status, success: status < 400, data }, status)
}

/** An error in the same envelope, with the reason in `error`. */
export function errorResponse(c: Context, status: ContentfulStatusCode, error: string): Response {
  return c.json({ status, success: false, data: null, error }, status)
}
