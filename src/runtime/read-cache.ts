/**
 * Node-side read cache in front of the bindings. While the dev server runs,
 * kvdev makes every write to its store, so repeated reads can be answered
 * without a round trip to workerd: entries are filled on read, replaced on
 * every write through kvdev, honour expiration, and are all dropped when
 * something outside kvdev writes the store files.
 */
export interface CachedValue {
  /** null: the key is known to be absent. */
  bytes: Uint8Array | null
  metadata: unknown
  /** Absolute expiry in seconds since the epoch. */
  expiration?: number
}

export interface ReadCache {
  get(binding: string, key: string): CachedValue | undefined
  /** Stores a read result, unless a write to the key started after `version` was taken. */
  fill(binding: string, key: string, value: CachedValue, version: number): void
  /** Call before sending a write: invalidates the key and returns nothing to fill with. */
  beginWrite(binding: string, key: string): void
  /** Call after an acknowledged write with what is now stored (or null after a delete). */
  endWrite(binding: string, key: string, value: CachedValue | undefined): void
  version(binding: string, key: string): number
  /** Whether a value of this many bytes would be kept: larger ones are not worth a copy. */
  admits(byteLength: number): boolean
  clear(): void
  readonly size: number
  readonly bytes: number
}

const ENTRY_OVERHEAD_BYTES = 64

export function createReadCache(maxBytes = 64 * 1024 * 1024): ReadCache {
  const entries = new Map<string, CachedValue>()
  const versions = new Map<string, number>()
  let bytes = 0
  // One counter for every version ever handed out, so no two ever collide.
  let counter = 0
  let epoch = 0

  const id = (binding: string, key: string) => `${binding}\u0000${key}`
  // One value may take an eighth of the cache at most.
  const maxEntryBytes = maxBytes / 8
  const cost = (key: string, value: CachedValue) =>
    key.length * 2 + (value.bytes?.byteLength ?? 0) + ENTRY_OVERHEAD_BYTES

  function remove(k: string) {
    const old = entries.get(k)
    if (!old) return
    bytes -= cost(k, old)
    entries.delete(k)
  }

  function store(k: string, value: CachedValue) {
    remove(k)
    const size = cost(k, value)
    if (size > maxEntryBytes) return
    entries.set(k, value)
    bytes += size
    // Map iteration order is insertion order: the first entries are the least recently used.
    for (const [oldest] of entries) {
      if (bytes <= maxBytes) break
      remove(oldest)
    }
  }

  return {
    get(binding, key) {
      const k = id(binding, key)
      const value = entries.get(k)
      if (!value) return undefined
      if (value.expiration !== undefined && value.expiration <= Date.now() / 1000) {
        remove(k)
        return { bytes: null, metadata: null }
      }
      entries.delete(k)
      entries.set(k, value)
      return value
    },
    fill(binding, key, value, version) {
      const k = id(binding, key)
      if ((versions.get(k) ?? epoch) !== version) return
      store(k, value)
    },
    beginWrite(binding, key) {
      const k = id(binding, key)
      remove(k)
      versions.set(k, ++counter)
    },
    endWrite(binding, key, value) {
      const k = id(binding, key)
      versions.set(k, ++counter)
      if (value) store(k, value)
      else remove(k)
    },
    version(binding, key) {
      return versions.get(id(binding, key)) ?? epoch
    },
    admits(byteLength) {
      return byteLength + ENTRY_OVERHEAD_BYTES <= maxEntryBytes
    },
    clear() {
      entries.clear()
      bytes = 0
      // Reads in flight when the cache is dropped must not fill it with old values.
      epoch = ++counter
      versions.clear()
    },
    get size() {
      return entries.size
    },
    get bytes() {
      return bytes
    },
  }
}
