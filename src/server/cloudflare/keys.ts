import { KV_LIMITS } from '../../constants'
import type { KVNamespace } from '../../types/kv-namespace'
import { CF_ERROR, CloudflareApiError, ok } from './envelope'
import { checkKeyLength } from './validate'

function readLimit(raw: string | null): number {
  if (raw === null) return KV_LIMITS.MAX_LIST_LIMIT
  const limit = Number(raw)
  if (!/^\d+$/.test(raw) || limit < KV_LIMITS.MIN_REST_LIST_LIMIT) {
    throw new CloudflareApiError(
      400,
      CF_ERROR.INVALID_LIMIT,
      `Invalid key_count_limit of ${raw}. Please specify an integer of at least ${KV_LIMITS.MIN_REST_LIST_LIMIT}.`,
    )
  }
  if (limit > KV_LIMITS.MAX_LIST_LIMIT) {
    // Cloudflare's own wording, although 1000 itself is accepted.
    throw new CloudflareApiError(
      400,
      CF_ERROR.INVALID_LIMIT,
      `Invalid key_count_limit of ${raw}. Please specify an integer less than ${KV_LIMITS.MAX_LIST_LIMIT}.`,
    )
  }
  return limit
}

/** `GET …/namespaces/:ns/keys?prefix&limit&cursor`: `result_info.cursor` is `''` on the last page. */
export async function listKeys(namespace: KVNamespace, params: URLSearchParams): Promise<Response> {
  const limit = readLimit(params.get('limit'))
  const prefix = params.get('prefix') || undefined
  if (prefix !== undefined) checkKeyLength(prefix)
  const cursor = params.get('cursor') || undefined
  const page = await namespace.list({ prefix, limit, cursor })
  const keys = page.keys.map(({ name, expiration, metadata }) => ({
    name,
    ...(expiration !== undefined && { expiration }),
    ...(metadata !== undefined && { metadata }),
  }))
  return ok(keys, { count: keys.length, cursor: page.list_complete ? '' : page.cursor })
}
