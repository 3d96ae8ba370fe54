import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { KV_LIMITS } from '../constants'

/** Room for the JSON wrapper (`{"value":…,"ttl":…}`) around the largest value. */
const ENVELOPE_BYTES = 4096

type Refuse = (c: Context, status: 400 | 413 | 415, message: string) => Response

/**
 * Guards a JSON write route: the body must be `application/json` (browsers cannot send
 * that cross-site without a preflight) and at most the value cap plus a small wrapper,
 * counted before buffering. `refuse` writes the API's own error envelope.
 */
export function jsonWriteGuard(
  refuse: Refuse,
  maxValueBytes: number = KV_LIMITS.MAX_VALUE_SIZE_BYTES,
): MiddlewareHandler[] {
  const maxSize = maxValueBytes + ENVELOPE_BYTES
  return [
    async (c, next) => {
      const type = c.req.header('content-type') ?? ''
      if (!/^application\/json\s*(?:;|$)/i.test(type))
        return refuse(
          c,
          415,
          `[kvdev] Unsupported content type: ${JSON.stringify(type)}. Send the body as \`application/json\`.`,
        )
      await next()
    },
    bodyLimit({
      maxSize,
      onError: (c) =>
        refuse(
          c,
          413,
          `[kvdev] Body is larger than ${maxSize} bytes. Values are at most ${maxValueBytes} bytes.`,
        ),
    }),
  ]
}

/** The body as a JSON object, or the reason it is not one. */
export async function readJsonObject(
  c: Context,
): Promise<{ body: Record<string, unknown> } | { error: string }> {
  let body: unknown
  try {
    body = JSON.parse(await c.req.text())
  } catch (error) {
    return {
      error: `[kvdev] Body is not JSON: ${(error as Error).message}. Send \`{ "value": <JSON value> }\`.`,
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return {
      error: `[kvdev] Body is not a JSON object: ${JSON.stringify(body)}. Send \`{ "value": <JSON value> }\`.`,
    }
  return { body: body as Record<string, unknown> }
}
