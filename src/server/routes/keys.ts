import { KV_LIMITS } from '../../constants'
import type { Route } from '../context'
import { HttpError } from '../http-error'
import { API_LIMITS } from '../limits'
import { getInteger, getPrefix, getStore } from '../query'
import { jsonResponse } from '../respond'

/** `GET keys`: one page of keys with size and type. */
export const listKeys: Route = async (context) => {
  const store = getStore(context)
  const cursor = context.url.searchParams.get('cursor') || undefined
  if (cursor !== undefined && cursor.length > API_LIMITS.MAX_CURSOR_LENGTH) {
    throw new HttpError(
      400,
      `Invalid cursor: ${cursor.length} characters. Pass back the cursor of the previous page.`,
    )
  }
  const limit = getInteger(context, 'limit', {
    min: 1,
    max: KV_LIMITS.MAX_LIST_LIMIT,
    fallback: KV_LIMITS.MAX_LIST_LIMIT,
  })
  return jsonResponse(await store.list({ prefix: getPrefix(context), limit, cursor }))
}

/** `GET count`: all keys, and those under `prefix`. */
export const countKeys: Route = async (context) => {
  const store = getStore(context)
  const prefix = getPrefix(context)
  const total = await store.count()
  const matched = prefix === undefined ? total : await store.count(prefix)
  return jsonResponse({ total, matched })
}
