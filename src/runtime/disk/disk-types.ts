/** What the files path reads and writes: one namespace's rows, as `disk-store.ts` opens them. */
import type { KvValueType } from '../../types/records'

export interface DiskEntry {
  name: string
  /** Seconds since the epoch, as the binding reports it. */
  expiration?: number
  metadata?: unknown
}

/** A page of keys: `prefix`, `limit` keys after `cursor`; `search`: only keys holding this text. */
export interface ListOptions {
  prefix?: string
  limit?: number
  cursor?: string
  /** A case-sensitive substring of the key name (its UTF-8 bytes); no wildcards. */
  search?: string
}

export interface DiskWrite {
  key: string
  value: Uint8Array
  /** Seconds since the epoch. */
  expiration?: number
  /** JSON text, already checked against KV's limits. */
  metadata?: string
}

/**
 * One namespace read and written straight from Miniflare 4's files: the SQLite index
 * and one blob file per value, exactly as Miniflare's KV object keeps them, so
 * wrangler, `@cloudflare/vite-plugin` and kvdev's own Miniflare see the same data.
 * It answers in microseconds where starting workerd takes half a second; writes of
 * many keys share one transaction.
 */
export interface DiskStore {
  get(key: string): { value: Uint8Array; entry: DiskEntry } | null
  /**
   * A value's size and type. Blob files never change once written (a new value gets a new
   * blob id), so the answer is kept by blob id: listing a page again reads no file.
   */
  valueInfo(key: string): { size: number; type: KvValueType } | null
  /** The entry without its value (expiration, metadata) and the value's size. */
  head(key: string): { entry: DiskEntry; size: number } | null
  /** Like the binding's list: byte order, `limit` keys after `cursor`, expired keys left out. */
  list(options: ListOptions): {
    keys: DiskEntry[]
    list_complete: boolean
    cursor?: string
  }
  /** `list`, each key with its value's size and type (read by blob id, as `valueInfo`). */
  listInfo(options: ListOptions): {
    keys: (DiskEntry & { size: number; type: KvValueType })[]
    list_complete: boolean
    cursor?: string
  }
  /** Live keys under `prefix`: in milliseconds at any size (two counts on indexes). */
  count(prefix?: string): number
  /**
   * Every live key under `prefix` with its value's size, in one walk of the index and one
   * `lstat` per blob (no value is read): what stats are made of.
   */
  sizes(prefix: string, each: (name: string, size: number) => void): void
  /** Writes every record in one transaction; replaced values' blobs are removed after it. */
  write(records: DiskWrite[]): number
  /** `write`, its blob files created a few at a time (bulk writes: seeds, `store.write`). */
  writeMany(records: DiskWrite[]): Promise<number>
  delete(keys: string[]): number
  /** Deletes every key starting with `prefix` (all keys without one). */
  clear(prefix?: string): number
  /**
   * SQLite's `PRAGMA data_version` on this connection: it changes when, and only when,
   * another connection (another process, or workerd) has committed to the file since.
   */
  dataVersion(): number
  close(): void
}
