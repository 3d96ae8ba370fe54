import type { Context } from 'hono'
import { checkBulkCount } from '../../rules'
import type { KvStore } from '../../runtime/store'
import type { KVNamespace } from '../../types/kv-namespace'
import { CF_ERROR, cloudflareError, ok } from './envelope'
import { readJson } from './read-json'
import { checkKey } from './validate'
import { getExpiration } from './values'

function invalid(message: string) {
  return cloudflareError(400, CF_ERROR.INVALID_REQUEST, message)
}

interface BulkGetRequest {
  keys: string[]
  type: 'text' | 'json'
  withMetadata: boolean
}

function checkRequest(body: unknown): BulkGetRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('Bulk get expects a JSON object { keys, type?, withMetadata? }.')
  }
  const { keys, type = 'text', withMetadata = false } = body as Record<string, unknown>
  if (!Array.isArray(keys))
    throw invalid(`Invalid keys of ${JSON.stringify(keys)}. Send an array of key names.`)
  const broken = checkBulkCount(keys.length, 'get')
  if (broken?.rule === 'bulk-count') {
    throw invalid(
      keys.length < broken.min
        ? `You must request a minimum of ${broken.min} key`
        : `You can request a maximum of ${broken.max} keys`,
    )
  }
  for (const key of keys) {
    if (typeof key !== 'string')
      throw invalid(`Invalid key of ${JSON.stringify(key)}. Keys must be strings.`)
    checkKey(key)
  }
  if (type !== 'text' && type !== 'json')
    throw invalid(`"${String(type)}" is not a valid type. Use "json" or "text"`)
  if (typeof withMetadata !== 'boolean')
    throw invalid(`Invalid withMetadata of ${JSON.stringify(withMetadata)}. Use true or false.`)
  return { keys, type, withMetadata }
}

type Entry = { value: unknown; metadata: unknown } | null

/**
 * Miniflare's bulk get gathers its answer in a plain object, where a key named
 * `__proto__` is lost; that one key is read on its own.
 */
const UNSAFE_BULK_KEY = '__proto__'

async function readEntries(namespace: KVNamespace, keys: string[], type: 'text' | 'json') {
  const options = { type } as { type: 'json' }
  const bulkKeys = keys.filter((key) => key !== UNSAFE_BULK_KEY)
  const found = new Map<string, Entry>(
    bulkKeys.length > 0 ? await namespace.getWithMetadata(bulkKeys, options) : [],
  )
  if (bulkKeys.length < keys.length) {
    try {
      const single = await namespace.getWithMetadata(UNSAFE_BULK_KEY, options)
      found.set(UNSAFE_BULK_KEY, single.value === null ? null : single)
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error
      throw invalid(`At least one of the requested keys corresponds to a non-${type} value`)
    }
  }
  return found
}

/**
 * `POST …/:ns/bulk/get` → `{ values: { [key]: value | null } }`, or with
 * `withMetadata` `{ [key]: { value, metadata, expiration? } | null }`.
 */
export async function bulkGet(c: Context, namespace: KVNamespace, store: KvStore) {
  const { keys, type, withMetadata } = checkRequest(await readJson(c))
  const found = await readEntries(namespace, keys, type)
  const entries = await Promise.all(
    keys.map(async (key): Promise<[string, unknown]> => {
      const entry = found.get(key)
      if (!entry) return [key, null]
      if (!withMetadata) return [key, entry.value]
      const expiration = await getExpiration(store, key)
      const { value, metadata } = entry
      return [
        key,
        { value, metadata: metadata ?? null, ...(expiration !== undefined && { expiration }) },
      ]
    }),
  )
  // fromEntries defines own properties: a key named `__proto__` stays ordinary data.
  return ok(c, { values: Object.fromEntries(entries) })
}
