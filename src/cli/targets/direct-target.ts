import type { KvRuntime } from '../../runtime/create-kv-runtime'
import type { KvTarget } from './target'

/** Runs on the local store, opened by this process (the lock keeps other writers out meanwhile). */
export function createDirectTarget(runtime: KvRuntime, binding: string): KvTarget {
  const store = runtime.store(binding)
  const kv = runtime.env[binding]!
  return {
    binding,
    label: 'local',
    async list({ prefix, limit, cursor, search }) {
      // The binding's list has no search: the store's listing walks it (size and type besides).
      const page = search
        ? await store.list({ prefix, limit, cursor, search })
        : await kv.list({ prefix, limit, cursor })
      return page.list_complete
        ? { keys: page.keys, list_complete: true }
        : { keys: page.keys, list_complete: false, cursor: page.cursor }
    },
    async get(key) {
      const { value, metadata } = await kv.getWithMetadata(key, 'arrayBuffer')
      if (value === null) return null
      const expiration = (await store.find(key))?.expiration
      return {
        value: new Uint8Array(value),
        metadata,
        ...(expiration === undefined ? {} : { expiration }),
      }
    },
    async put(key, value, { metadata, expiration, expiration_ttl }) {
      await kv.put(key, value, { metadata, expiration, expirationTtl: expiration_ttl })
    },
    async delete(keys) {
      await store.delete(keys)
    },
    async write(records) {
      await store.write(records)
    },
    inspect: (key, previewBytes) => store.inspect(key, previewBytes),
    stats: (prefix) => store.stats(prefix),
    count: (prefix) => store.count(prefix),
    dump: (prefix) => store.dump(prefix),
    history: store.history,
    close: () => runtime.dispose(),
  }
}
