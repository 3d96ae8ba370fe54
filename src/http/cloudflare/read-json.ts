import type { Context } from 'hono'
import { API_LIMITS } from '../../constants'
import { CF_MESSAGES } from '../../rules'
import { getJsonDepth } from '../json'
import { CF_ERROR, cloudflareError } from './envelope'

/** The route's JSON body (already within its `bodyLimit`), with a bounded depth and Cloudflare's words. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text()
  const depth = getJsonDepth(text)
  if (depth > API_LIMITS.MAX_JSON_DEPTH) {
    throw cloudflareError(
      400,
      CF_ERROR.INVALID_REQUEST,
      `Request body nests JSON ${depth} levels deep. The limit is ${API_LIMITS.MAX_JSON_DEPTH}.`,
    )
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw cloudflareError(
      400,
      CF_ERROR.INVALID_REQUEST,
      `Request body is not valid JSON: ${(cause as Error).message}. Send a JSON body with \`Content-Type: application/json\`.`,
    )
  }
}

/** Cloudflare's 413 for a JSON body over `limit`. */
export const jsonTooLarge = (limit: number) => (length: number, exact: boolean) =>
  cloudflareError(413, CF_ERROR.PAYLOAD_TOO_LARGE, CF_MESSAGES.bodyTooLarge(length, limit, exact))
