import type { KVNamespace } from '../types/kv-namespace'
import { checkJsonWrite, parseStoredJson } from './json-value'

export interface JsonKvSetOptions {
  /** Seconds until the key expires (Workers KV's `expirationTtl`, at least 60). */
  ttl?: number
  /** Up to 1024 bytes of JSON stored beside the value. */
  metadata?: unknown
}

export interface JsonKv {
  /** The parsed JSON value, or `null` when the key is missing. */
  get<T = unknown>(key: string): Promise<T | null>
  /**
   * Stores `value` as JSON text. The third argument is seconds until it expires, as
   * `@tma.sh/sdk/server`'s code takes it, or `{ ttl, metadata }`, as TMA's docs write it.
   */
  set(key: string, value: unknown, ttl?: number | JsonKvSetOptions): Promise<void>
  /** Deletes the key (TMA's name for it). */
  delete(key: string): Promise<void>
  /** Deletes the key (kvdev's earlier name, kept). */
  remove(key: string): Promise<void>
  /**
   * The names of the keys under `prefix`, as `@tma.sh/sdk/server`'s code answers: one
   * `list` call, so at most 1000 names. Use the binding's own `list` for pages and metadata.
   */
  list(prefix?: string): Promise<string[]>
}

/**
 * A JSON view of a Workers KV binding, written to run code written for TMA's `createKV`
 * (`@tma.sh/sdk/server`) unchanged: values are stored as JSON text, so the inspector, the
 * CLI and `c.env.KV` read the same data. Unlike TMA's, a write is checked against KV's
 * rules first and a value that is not JSON comes back as text. Runs on Workers and in
 * kvdev routes alike.
 *
 * @example
 * import { createKV } from 'kvdev/server'
 *
 * app.get('/api/config', async (c) => {
 *   const kv = createKV(c.env.KV)
 *   await kv.set('cache:feed', { items: [] }, 3600) // or { ttl: 3600 }
 *   return c.json(await kv.get('app-config'))
 * })
 */
export function createKV(binding: KVNamespace): JsonKv {
  const remove = async (key: string) => {
    await binding.delete(key)
  }
  return {
    async get<T>(key: string) {
      return parseStoredJson<T>(await binding.get(key))
    },
    async set(key, value, ttlOrOptions) {
      // TMA's code writes no TTL for a falsy one (`ttl ? { expirationTtl: ttl } : undefined`).
      const options =
        typeof ttlOrOptions === 'object' && ttlOrOptions !== null
          ? ttlOrOptions
          : { ttl: ttlOrOptions || undefined }
      const write = checkJsonWrite({ key, value, ttl: options.ttl, metadata: options.metadata })
      if (!write.ok) throw new TypeError(`[kvdev] ${write.error}`)
      await binding.put(write.key, write.text, {
        ...(write.ttl === undefined ? {} : { expirationTtl: write.ttl }),
        ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
      })
    },
    delete: remove,
    remove,
    async list(prefix) {
      const page = await binding.list({ prefix: prefix ?? null })
      return page.keys.map((k) => k.name)
    },
  }
}
