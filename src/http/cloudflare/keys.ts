import type { Context } from 'hono'
import { KV_LIMITS } from '../../constants'
import { checkListLimit } from '../../rules'
import type { KVNamespace } from '../../types/kv-namespace'
import { CF_ERROR, cloudflareError, ok } from './envelope'
import { checkKeyLength } from './validate'

function readLimit(raw: string | undefined): number {
  if (raw === undefined) return KV_LIMITS.MAX_LIST_LIMIT
  const limit = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  const broken = checkListLimit(limit, KV_LIMITS.MIN_REST_LIST_LIMIT)
  if (broken?.rule !== 'list-limit') return limit
  // Cloudflare's own wording, although 1000 itself is accepted.
  const rule = limit > broken.max ? `less than ${broken.max}` : `of at least ${broken.min}`
  throw cloudflareError(
    400,
    CF_ERROR.INVALID_LIMIT,
    `Invalid key_count_limit of ${raw}. Please specify an integer ${rule}.`,
  )
}

/** `GET …/namespaces/:ns/keys?prefix&limit&cursor`: `result_info.cursor` is `''` on the last page. */
export async function listKeys(c: Context, namespace: KVNamespace) {
  const limit = readLimit(c.req.query('limit'))
  const prefix = c.req.query('prefix') || undefined
  if (prefix !== undefined) checkKeyLength(prefix)
  const cursor = c.req.query('cursor') || undefined
  const page = await namespace.list({ prefix, limit, cursor })
  const keys = page.keys.map(({ name, expiration, metadata }) => ({
    name,
    ...(expiration !== undefined && { expiration }),
    ...(metadata !== undefined && { metadata }),
  }))
  return ok(c, keys, { count: keys.length, cursor: page.list_complete ? '' : page.cursor })
}
