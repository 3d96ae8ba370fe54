import type { Context } from 'hono'
import { API_LIMITS, KV_LIMITS } from '../../constants'
import { httpError } from '../../errors'
import type { KvdevApiEnv } from '../env'
import { getInteger, getPrefix, getSearch, getStore } from '../query'

/** `GET keys`: one page of keys with size and type; `search` keeps names holding that text. */
export async function listKeys(c: Context<KvdevApiEnv>) {
  const store = getStore(c)
  const cursor = c.req.query('cursor') || undefined
  if (cursor !== undefined && cursor.length > API_LIMITS.MAX_CURSOR_LENGTH) {
    throw httpError(
      400,
      `Invalid cursor: ${cursor.length} characters. Pass back the cursor of the previous page.`,
    )
  }
  const limit = getInteger(c, 'limit', {
    min: 1,
    max: KV_LIMITS.MAX_LIST_LIMIT,
    fallback: KV_LIMITS.MAX_LIST_LIMIT,
  })
  const search = getSearch(c)
  return c.json(await store.list({ prefix: getPrefix(c), limit, cursor, search }))
}

/** `GET count`: all keys, and those under `prefix`. */
export async function countKeys(c: Context<KvdevApiEnv>) {
  const store = getStore(c)
  const prefix = getPrefix(c)
  const total = await store.count()
  const matched = prefix === undefined ? total : await store.count(prefix)
  return c.json({ total, matched })
}
