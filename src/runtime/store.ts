import type { KVNamespaceListKey } from '../types/kv-namespace'
import type { KvChangeEvent, KvKeyInspection, KvRecord, KvStats } from '../types/records'
import type { KvListPage, NamespaceBackend, Written } from './backend/types'
import type { ListOptions } from './disk/disk-types'
import type { StoreHistory } from './history/store-history'

/** Admin operations on one namespace (the files' or workerd's: `backend/choose.ts`). */
export interface KvStore {
  readonly binding: string
  readonly id: string
  /**
   * One page of keys with size and type (limit up to 1000); with `search`, only keys whose name
   * holds that text (case-sensitive, no wildcards), the cursor continuing the search.
   */
  list(options?: ListOptions): Promise<KvListPage>
  /** Every key matching `prefix`, page by page, through the full cursor walk. */
  keys(prefix?: string): AsyncIterable<KVNamespaceListKey[]>
  count(prefix?: string): Promise<number>
  /** The key as a listing shows it (expiration, metadata), or null: exact for every key, NUL included. */
  find(key: string): Promise<KVNamespaceListKey | null>
  inspect(key: string, previewBytes?: number): Promise<KvKeyInspection | null>
  write(records: KvRecord[]): Promise<number>
  delete(keys: string[]): Promise<number>
  clear(prefix?: string): Promise<number>
  /** Every record matching `prefix`, page by page, in wrangler's bulk format. */
  dump(prefix?: string): AsyncIterable<KvRecord[]>
  stats(prefix?: string): Promise<KvStats>
  seed(
    records: KvRecord[],
    mode?: 'merge' | 'replace',
  ): Promise<{ written: number; deleted: number }>
  /** The store clock and snapshots; a store in memory has none. */
  readonly history?: StoreHistory
}

export type { KvListPage }

/**
 * The admin operations above the seam, on whichever backend `backend/choose.ts` chose: every
 * bulk change, finished or failed half-way, drops the read cache (`invalidate`) and is told to
 * live views (`emit`).
 */
export function createStore(
  backend: NamespaceBackend<never>,
  binding: string,
  id: string,
  emit: (event: Omit<KvChangeEvent, 'binding' | 'at'>) => void,
  /** Called after every bulk change, finished or failed half-way. */
  invalidate: () => void = () => {},
): KvStore {
  async function changing<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } finally {
      invalidate()
    }
  }

  /** A bulk write, each part it committed told once the cache is dropped, finished or not. */
  async function writing<T>(work: (written: Written) => Promise<T>): Promise<T> {
    const parts: number[] = []
    try {
      return await changing(() => work((count) => parts.push(count)))
    } finally {
      for (const count of parts) emit({ kind: 'seed', count })
    }
  }

  return {
    binding,
    id,
    list: (options) => backend.listDetails(options),
    async *keys(prefix) {
      yield* await backend.keys(prefix)
    },
    count: (prefix) => backend.count(prefix),
    find: (key) => backend.find(key),
    inspect: (key, previewBytes) => backend.inspect(key, previewBytes),
    write: (records) => writing((written) => backend.putMany(records, written)),
    async delete(keys) {
      const deleted = await changing(() => backend.deleteMany(keys))
      if (keys.length === 1) emit({ kind: 'delete', key: keys[0] })
      else emit({ kind: 'clear', count: deleted })
      return deleted
    },
    async clear(prefix) {
      const deleted = await changing(() => backend.clear(prefix))
      emit({ kind: 'clear', prefix: prefix ?? '', count: deleted })
      return deleted
    },
    async *dump(prefix) {
      yield* await backend.dump(prefix)
    },
    stats: (prefix) => backend.stats(prefix),
    seed: (records, mode = 'merge') => writing((written) => backend.seed(records, mode, written)),
  }
}
