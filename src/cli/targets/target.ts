import type { StoreHistory } from '../../runtime/history/store-history'
import type { KVNamespaceListKey } from '../../types/kv-namespace'
import type { KvKeyInspection, KvRecord, KvStats } from '../../types/records'
import type { UsageReport } from '../../usage/types'

export interface KeyPage {
  keys: KVNamespaceListKey[]
  list_complete: boolean
  cursor?: string
}

export interface KvEntry {
  value: Uint8Array
  metadata: unknown
  expiration?: number
}

export interface PutOptions {
  metadata?: unknown
  /** Absolute expiry, seconds since the epoch. */
  expiration?: number
  /** Seconds from now. */
  expiration_ttl?: number
}

/**
 * Where a command runs. Three implementations with the same behaviour: a running
 * dev server (over HTTP), the local store directly, and Cloudflare (`--remote`).
 */
export interface KvTarget {
  readonly binding: string
  /** For messages: `local`, `dev server http://…`, `remote namespace <id>`. */
  readonly label: string
  /**
   * One page of keys; `limit` up to 1000. `search`: only names holding that text
   * (case-sensitive, no wildcards); Cloudflare's API has none, so there pages are filtered here.
   */
  list(options: {
    prefix?: string
    limit?: number
    cursor?: string
    search?: string
  }): Promise<KeyPage>
  get(key: string): Promise<KvEntry | null>
  put(key: string, value: Uint8Array, options: PutOptions): Promise<void>
  /** Deletes up to 10,000 keys at once. */
  delete(keys: string[]): Promise<void>
  /** Writes up to 10,000 records at once (wrangler's bulk format). */
  write(records: KvRecord[]): Promise<void>
  inspect(key: string, previewBytes: number): Promise<KvKeyInspection | null>
  stats(prefix?: string): Promise<KvStats>
  /** The app's KV usage since the dev server started; only a dev server measures it. */
  usage?(monthlyRequests?: number): Promise<UsageReport>
  count(prefix?: string): Promise<number>
  /** Every record matching `prefix`, page by page. */
  dump(prefix?: string): AsyncIterable<KvRecord[]>
  /** The store clock and snapshots: a local store has them, Cloudflare does not. */
  history?: StoreHistory
  close(): Promise<void>
}
