import type { KVNamespaceListKey } from '../../types/kv-namespace'
import type { KvKeyInfo, KvKeyInspection, KvRecord, KvStats } from '../../types/records'
import type { ListOptions } from '../disk/disk-types'
import type { CachedValue } from '../read-cache'

/**
 * What a backend answers for a call it cannot answer exactly as Miniflare's binding does (an
 * odd option, a key the binding refuses, files not there yet): the next backend answers it.
 */
export const DECLINED: unique symbol = Symbol('kvdev.declined')
export type Declined = typeof DECLINED

/** The read types a binding's `get` knows; any other goes to the binding for its error. */
export const VALUE_TYPES = new Set(['text', 'json', 'arrayBuffer', 'stream'])

/** A single-key read, as the binding above the seam asks for it. */
export interface ReadRequest {
  type: unknown
  cacheTtl: unknown
  /**
   * The read cache keeps the answer: workerd sends the expiration with it, and the files
   * answer a `cacheTtl` only then (the layer above found it well-formed).
   */
  cacheable: boolean
}

/** A stored value as a read finds it; `owned`: the bytes are this read's alone (no copy needed). */
export type FoundValue = CachedValue & { owned?: boolean }

/**
 * Told how many records a bulk write committed, once per part: a namespace's first bulk write
 * sends its first record through workerd (which creates the files) and the rest to the files.
 */
export type Written = (count: number) => void

export interface KvListPage {
  keys: KvKeyInfo[]
  list_complete: boolean
  cursor?: string
}

/**
 * One namespace's storage: the binding's calls (already past the binding's argument coding,
 * above this seam) and the admin operations. Two implementations: `workerd.ts` (Miniflare's
 * real binding, over the internal worker) and `files.ts` (Miniflare's files, read and written
 * from Node). `D` is what a call answers when the backend declines it: `files.ts` declines what
 * it cannot answer exactly; workerd answers everything (`never`). `choose.ts` picks.
 */
export interface NamespaceBackend<D = Declined> {
  readonly kind: 'workerd' | 'files' | 'files, then workerd'
  // The binding's calls.
  get(key: string, read: ReadRequest): Promise<FoundValue | D>
  /** A bulk `get` or `getWithMetadata`: the binding's own answer, keyed by key. */
  getBulk(
    keys: string[],
    read: { type: unknown; cacheTtl: unknown; withMetadata: boolean },
  ): Promise<Map<string, unknown> | D>
  /**
   * `value`: the binding's value coding (`binding-values.ts`): bytes, or a stand-in it refuses;
   * `argc` when the caller passed fewer than two arguments, for the binding to refuse.
   */
  put(
    key: string,
    value: { body?: Uint8Array; primitive?: unknown; argc?: number },
    options: unknown,
  ): Promise<undefined | D>
  delete(key: string): Promise<undefined | D>
  /** The binding's `list(options)`, its answer as the binding gives it. */
  list(options: unknown): Promise<unknown | D>
  // The admin operations.
  /** `search`: only keys whose name holds it (case-sensitive, no wildcards). */
  listDetails(options?: ListOptions): Promise<KvListPage | D>
  keys(prefix?: string): Promise<AsyncIterable<KVNamespaceListKey[]> | D>
  count(prefix?: string): Promise<number | D>
  find(key: string): Promise<KVNamespaceListKey | null | D>
  inspect(key: string, previewBytes?: number): Promise<KvKeyInspection | null | D>
  dump(prefix?: string): Promise<AsyncIterable<KvRecord[]> | D>
  stats(prefix?: string): Promise<KvStats | D>
  /** `written`: told the count of each part committed (the first record, the rest). */
  putMany(records: KvRecord[], written?: Written): Promise<number | D>
  deleteMany(keys: string[]): Promise<number | D>
  clear(prefix?: string): Promise<number | D>
  /** `replace`: clears the namespace first. `written` as for `putMany`. */
  seed(
    records: KvRecord[],
    mode: 'merge' | 'replace',
    written?: Written,
  ): Promise<{ written: number; deleted: number } | D>
}
