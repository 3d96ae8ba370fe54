/**
 * Node-side read cache in front of the bindings: entries are filled on read, replaced on
 * every write through kvdev and honour expiration. Other processes (wrangler,
 * `@cloudflare/vite-plugin`, Miniflare, another kvdev) write the same store, so before
 * each answer the cache proves it is still current: see `ReadCacheOptions.dataVersion`.
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
  /** Keys whose last write the cache remembers (to refuse older reads' fills): bounded. */
  readonly tracked: number
}

export interface ReadCacheOptions {
  /**
   * SQLite's `PRAGMA data_version` of a binding's namespace, on the connection kvdev writes
   * its files with (`disk/commit-version.ts`), or undefined where it cannot be read (no
   * `node:sqlite`, a schema kvdev does not read). The number changes exactly when another
   * connection committed: another process, or kvdev's own workerd. Before answering for a binding, the cache
   * reads it: changed, that binding's entries are dropped; undefined, the cache neither
   * answers nor keeps anything for the binding, since it cannot prove it current. A
   * time window or a file watcher proves nothing (issue 19). Without this option (the
   * in-memory store, which no other process can write) every entry is current.
   */
  dataVersion?(binding: string): number | undefined
}

const ENTRY_OVERHEAD_BYTES = 64
/**
 * Keys whose write versions are remembered. Past this, every one is forgotten at once and the
 * epoch moves on: reads in flight then keep nothing (exact, merely uncached), and the memory a
 * dev server holds no longer grows with the number of keys it ever wrote.
 */
const MAX_TRACKED_KEYS = 10_000

export function createReadCache(
  maxBytes = 64 * 1024 * 1024,
  options: ReadCacheOptions = {},
): ReadCache {
  const entries = new Map<string, CachedValue>()
  const versions = new Map<string, number>()
  /** Per binding: the data_version its entries were proven against, and its last drop. */
  const seen = new Map<string, number>()
  const dropped = new Map<string, number>()
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

  /** Drops a binding's entries (there are none before its first proof); reads in flight will not fill. */
  function drop(binding: string, hadEntries: boolean) {
    dropped.set(binding, ++counter)
    if (!hadEntries) return
    const start = id(binding, '')
    for (const k of entries.keys()) if (k.startsWith(start)) remove(k)
  }

  /**
   * Whether the binding's entries are current: no other connection committed since they
   * were proven. An entry is only kept from a read made after the last proof, so a commit
   * after that read is seen here, at the latest, before the entry is answered.
   */
  function current(binding: string): boolean {
    const { dataVersion } = options
    if (!dataVersion) return true
    let now: number | undefined
    try {
      now = dataVersion(binding)
    } catch {
      now = undefined
    }
    const before = seen.get(binding)
    if (now !== undefined && now === before) return true
    drop(binding, before !== undefined)
    if (now === undefined) seen.delete(binding)
    else seen.set(binding, now)
    return false
  }

  /** A write to `k` started or ended: reads that began before it must not fill. */
  function bump(k: string) {
    if (versions.size >= MAX_TRACKED_KEYS && !versions.has(k)) {
      versions.clear()
      epoch = ++counter
    }
    versions.set(k, ++counter)
  }

  const keyVersion = (binding: string, k: string) =>
    Math.max(versions.get(k) ?? 0, dropped.get(binding) ?? 0, epoch)

  function store(binding: string, k: string, value: CachedValue) {
    // Nothing is kept for a binding the cache cannot prove current.
    if (options.dataVersion && !seen.has(binding)) return
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
      if (!current(binding)) return undefined
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
      if (keyVersion(binding, k) !== version) return
      store(binding, k, value)
    },
    beginWrite(binding, key) {
      const k = id(binding, key)
      remove(k)
      bump(k)
    },
    endWrite(binding, key, value) {
      const k = id(binding, key)
      bump(k)
      if (value) store(binding, k, value)
      else remove(k)
    },
    version(binding, key) {
      return keyVersion(binding, id(binding, key))
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
      dropped.clear()
      // What follows a clear (a bulk write, a reconfiguration) is proven afresh.
      seen.clear()
    },
    get size() {
      return entries.size
    },
    get bytes() {
      return bytes
    },
    get tracked() {
      return versions.size
    },
  }
}
