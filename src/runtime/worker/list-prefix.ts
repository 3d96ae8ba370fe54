import { KV_LIMITS } from '../../constants'
import { encodeBase64 } from '../../formats/encoding'
import type {
  KVNamespace,
  KVNamespaceListKey,
  KVNamespaceListResult,
} from '../../types/kv-namespace'

const encoder = new TextEncoder()
export type ListPage = KVNamespaceListResult<unknown, string>
interface ListRequest {
  prefix?: string | null
  cursor?: string | null
  limit?: number
}

/**
 * The greatest string below `key` that a KV key (at most 512 bytes) can be: no key lies
 * between the two, so listing after it starts exactly at `key`.
 */
function justBefore(key: string): string {
  const chars = [...key]
  const last = chars.pop()!.codePointAt(0)!
  if (last === 0) return chars.join('')
  const previous = last - 1 >= 0xd800 && last - 1 <= 0xdfff ? 0xd7ff : last - 1
  return chars.join('') + String.fromCodePoint(previous) + '\u{10FFFF}'.repeat(129)
}

/**
 * ns.list by prefix, for every prefix. Miniflare matches prefixes with SQLite's length(),
 * which stops at the first NUL, so a prefix holding one matches nothing. Such a prefix is
 * listed from just before it (Miniflare's cursor is the base64 of the last key listed), up to
 * the first key that no longer starts with it: keys sharing a prefix are contiguous.
 */
export async function listPrefix(ns: KVNamespace, request: ListRequest): Promise<ListPage> {
  const { prefix, cursor, limit } = request
  if (typeof prefix !== 'string' || !prefix.includes('\0')) {
    return ns.list({ prefix, cursor, limit }) as Promise<ListPage>
  }
  const start = cursor ?? encodeBase64(encoder.encode(justBefore(prefix)))
  const page = (await ns.list({ cursor: start, limit })) as ListPage
  const keys = page.keys.filter((k) => k.name.startsWith(prefix))
  return keys.length < page.keys.length ? { keys, list_complete: true, cacheStatus: null } : page
}

/** The key as a listing shows it (expiration, metadata), or undefined: exact for every key. */
export async function findKey(
  ns: KVNamespace,
  key: string,
): Promise<KVNamespaceListKey<unknown, string> | undefined> {
  const [first] = (await listPrefix(ns, { prefix: key, limit: 1 })).keys
  return first && first.name === key ? first : undefined
}

/** Every key under `prefix`, page by page. */
export async function listAll(
  ns: KVNamespace,
  prefix?: string | null,
): Promise<KVNamespaceListKey<unknown, string>[]> {
  const keys: KVNamespaceListKey<unknown, string>[] = []
  let cursor: string | undefined
  do {
    const page = await listPrefix(ns, { prefix, cursor, limit: KV_LIMITS.MAX_LIST_LIMIT })
    keys.push(...page.keys)
    cursor = page.list_complete ? undefined : page.cursor
  } while (cursor)
  return keys
}

/**
 * A page of keys under `prefix` whose name holds `search`, walked through the binding's pages
 * until `limit` match or the list ends. The cursor is the binding's own (base64 of the last key
 * returned), so the next page continues right after the last match. JavaScript's `includes` on
 * well-formed strings matches exactly where the files path's byte-wise `instr` does.
 */
export async function searchPrefix(
  ns: KVNamespace,
  request: ListRequest & { search: string },
): Promise<ListPage> {
  const { search, limit = KV_LIMITS.MAX_LIST_LIMIT } = request
  const found: KVNamespaceListKey<unknown, string>[] = []
  let cursor = request.cursor ?? undefined
  for (;;) {
    const page = await listPrefix(ns, {
      prefix: request.prefix,
      cursor,
      limit: KV_LIMITS.MAX_LIST_LIMIT,
    })
    for (const key of page.keys) {
      if (!key.name.includes(search)) continue
      if (found.length === limit) {
        const last = found[found.length - 1]!.name
        return {
          keys: found,
          list_complete: false,
          cursor: encodeBase64(encoder.encode(last)),
          cacheStatus: null,
        }
      }
      found.push(key)
    }
    if (page.list_complete) return { keys: found, list_complete: true, cacheStatus: null }
    cursor = page.cursor
  }
}
