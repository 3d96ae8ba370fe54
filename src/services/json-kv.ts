import type { KVNamespace } from '../types/kv-namespace'
import { checkJsonWrite, parseStoredJson } from './json-value'

export interface JsonKvSetOptions {
  /** Seconds until the key expires (Workers KV's `expirationTtl`, at least 60). */
  ttl?: number
  /** Up to 1024 bytes of JSON stored beside the value. */
  metadata?: unknown
}

export interface JsonKvListOptions {
  /** Keys a page, 1 to 1000 (default 1000). */
  limit?: number
  cursor?: string
}

export interface JsonKvListResult<Metadata = unknown> {
  keys: { name: string; expiration?: number; metadata?: Metadata }[]
  list_complete: boolean
  cursor?: string
}

export interface JsonKv {
  /** The parsed JSON value, or `null` when the key is missing. */
  get<T = unknown>(key: string): Promise<T | null>
  set(key: string, value: unknown, options?: JsonKvSetOptions): Promise<void>
  remove(key: string): Promise<void>
  list<Metadata = unknown>(
    prefix?: string,
    options?: JsonKvListOptions,
  ): Promise<JsonKvListResult<Metadata>>
}

/**
 * A JSON view of a Workers KV binding (TMA's `createKV`): values are stored as JSON
 * text, so the inspector, the CLI and `c.env.KV` read the same data. Runs on Workers
 * and in kvdev routes alike.
 *
 * @example
 * import { createKV } from 'kvdev/server'
 *
 * app.get('/api/config', async (c) => {
 *   const kv = createKV(c.env.KV)
 *   await kv.set('cache:feed', { items: [] }, { ttl: 3600 })
 *   return c.json(await kv.get('app-config'))
 * })
 */
export function createKV(binding: KVNamespace): JsonKv {
  return {
    async get<T>(key: string) {
      return parseStoredJson<T>(await binding.get(key))
    },
    async set(key, value, options = {}) {
      const write = checkJsonWrite({ key, value, ttl: options.ttl, metadata: options.metadata })
      if (!write.ok) throw new TypeError(`[kvdev] ${write.error}`)
      await binding.put(write.key, write.text, {
        ...(write.ttl === undefined ? {} : { expirationTtl: write.ttl }),
        ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
      })
    },
    async remove(key) {
      await binding.delete(key)
    },
    async list<Metadata>(prefix?: string, options: JsonKvListOptions = {}) {
      const page = await binding.list<Metadata>({
        prefix: prefix ?? null,
        cursor: options.cursor ?? null,
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      })
      const keys = page.keys.map(({ name, expiration, metadata }) => ({
        name,
        ...(expiration === undefined ? {} : { expiration }),
        ...(metadata === undefined ? {} : { metadata }),
      }))
      return page.list_complete
        ? { keys, list_complete: true }
        : { keys, list_complete: false, cursor: page.cursor }
    },
  }
}
