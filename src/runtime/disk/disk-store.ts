import { existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { KvValueType } from '../../types/records'
import { createBlobInfo } from './blob-info'
import {
  base64,
  createBlobId,
  decodeRow,
  fromBase64,
  KEY,
  keyDecoder,
  type RawRow,
  type Row,
  toEntry,
} from './disk-rows'
import { loadSqlite } from './load-sqlite'
import { getNamespaceFiles } from './namespace-files'
import { getPrefixBound } from './prefix-bound'

export interface DiskEntry {
  name: string
  /** Seconds since the epoch, as the binding reports it. */
  expiration?: number
  metadata?: unknown
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
  list(options: { prefix?: string; limit?: number; cursor?: string }): {
    keys: DiskEntry[]
    list_complete: boolean
    cursor?: string
  }
  /** `list`, each key with its value's size and type (read by blob id, as `valueInfo`). */
  listInfo(options: { prefix?: string; limit?: number; cursor?: string }): {
    keys: (DiskEntry & { size: number; type: KvValueType })[]
    list_complete: boolean
    cursor?: string
  }
  count(prefix?: string): number
  /** Writes every record in one transaction; replaced values' blobs are removed after it. */
  write(records: DiskWrite[]): number
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

const COLUMNS = ['key', 'blob_id', 'expiration', 'metadata']

/** The columns Miniflare 4's KV object creates; any other shape is a store this code does not know. */
function hasKnownSchema(db: DatabaseSync): boolean {
  const columns = db.prepare('PRAGMA table_info(_mf_entries)').all() as { name: string }[]
  return columns.length === COLUMNS.length && columns.every((c, i) => c.name === COLUMNS[i])
}

/**
 * Opens a namespace's files, or undefined when they can't be used directly: no
 * built-in SQLite, a namespace Miniflare has not created yet, or a schema it
 * does not know. Callers then start Miniflare, which handles every case.
 */
export function openDiskStore(persistRoot: string, namespaceId: string): DiskStore | undefined {
  const sqlite = loadSqlite()
  const files = getNamespaceFiles(persistRoot, namespaceId)
  if (!sqlite || !existsSync(files.database)) return undefined
  const db = new sqlite.DatabaseSync(files.database)
  try {
    db.exec('PRAGMA busy_timeout = 5000')
    // WAL with NORMAL: a commit survives the process being killed (what the store must survive),
    // without an fsync per write; only a power loss may drop the last commits.
    db.exec('PRAGMA synchronous = NORMAL')
    if (!hasKnownSchema(db)) {
      db.close()
      return undefined
    }
  } catch {
    db.close()
    return undefined
  }
  return createDiskStore(db, files.blobs)
}

function createDiskStore(db: DatabaseSync, blobs: string): DiskStore {
  const statements = new Map<string, StatementSync>()
  const sql = (text: string) => {
    const cached = statements.get(text)
    if (cached) return cached
    const statement = db.prepare(text)
    statements.set(text, statement)
    return statement
  }
  const blobPath = (id: string) => join(blobs, id)
  const removeBlob = (id: string) => {
    try {
      unlinkSync(blobPath(id))
    } catch {}
  }
  const describeBlob = createBlobInfo(blobPath)
  let version: StatementSync | undefined
  const expired = (row: Pick<Row, 'expiration'>) =>
    row.expiration !== null && row.expiration <= Date.now()

  /** A live row, or undefined; an expired one is removed, as Miniflare's get does. */
  function readRow(key: string): Row | undefined {
    const row = sql('SELECT blob_id, expiration, metadata FROM _mf_entries WHERE key = ?').get(
      key,
    ) as Omit<Row, 'key'> | undefined
    if (!row) return undefined
    if (expired(row)) {
      sql('DELETE FROM _mf_entries WHERE key = ? AND blob_id = ?').run(key, row.blob_id)
      removeBlob(row.blob_id)
      return undefined
    }
    return { ...row, key }
  }

  /** One page of live rows in byte order, and the cursor past it when more follow. */
  function listRows({
    prefix = '',
    limit = 1000,
    cursor,
  }: {
    prefix?: string
    limit?: number
    cursor?: string
  }): { rows: Row[]; cursor?: string } {
    const after = cursor === undefined ? '' : fromBase64(cursor)
    const upper = getPrefixBound(prefix)
    const rows = sql(
      `SELECT ${KEY}, blob_id, expiration, metadata FROM _mf_entries
        WHERE key >= ? AND key > ? ${upper === undefined ? '' : 'AND key < ?'}
        AND (expiration IS NULL OR expiration >= ?)
        ORDER BY _mf_entries.key LIMIT ?`,
    ).all(
      ...[prefix, after, ...(upper === undefined ? [] : [upper]), Date.now(), limit + 1],
    ) as unknown as RawRow<Row>[]
    const matching = rows.map(decodeRow).filter((row) => row.key.startsWith(prefix))
    if (matching.length <= limit) return { rows: matching }
    const page = matching.slice(0, limit)
    return { rows: page, cursor: base64(page[page.length - 1]!.key) }
  }

  return {
    get(key) {
      const row = readRow(key)
      if (!row) return null
      try {
        return { value: new Uint8Array(readFileSync(blobPath(row.blob_id))), entry: toEntry(row) }
      } catch {
        return null
      }
    },
    valueInfo(key) {
      const row = readRow(key)
      return row ? describeBlob(row.blob_id) : null
    },
    head(key) {
      const row = readRow(key)
      if (!row) return null
      try {
        return { entry: toEntry(row), size: statSync(blobPath(row.blob_id)).size }
      } catch {
        return null
      }
    },
    list(options) {
      const { rows, cursor } = listRows(options)
      const keys = rows.map(toEntry)
      return cursor === undefined
        ? { keys, list_complete: true }
        : { keys, list_complete: false, cursor }
    },
    listInfo(options) {
      const { rows, cursor } = listRows(options)
      const keys: (DiskEntry & { size: number; type: KvValueType })[] = []
      for (const row of rows) {
        const info = describeBlob(row.blob_id)
        if (info) keys.push({ ...toEntry(row), ...info })
      }
      return cursor === undefined
        ? { keys, list_complete: true }
        : { keys, list_complete: false, cursor }
    },
    count(prefix = '') {
      const upper = getPrefixBound(prefix)
      if (upper === undefined && prefix !== '') {
        let n = 0
        for (const row of sql(
          `SELECT ${KEY} FROM _mf_entries WHERE key >= ? AND (expiration IS NULL OR expiration >= ?) ORDER BY _mf_entries.key`,
        ).iterate(prefix, Date.now()) as Iterable<{ key: Uint8Array }>) {
          if (!keyDecoder.decode(row.key).startsWith(prefix)) break
          n++
        }
        return n
      }
      const range = upper === undefined ? '' : 'AND key < ?'
      const row = sql(
        `SELECT count(*) AS n FROM _mf_entries WHERE key >= ? ${range} AND (expiration IS NULL OR expiration >= ?)`,
      ).get(...[prefix, ...(upper === undefined ? [] : [upper]), Date.now()]) as { n: number }
      return row.n
    },
    write(records) {
      if (records.length === 0) return 0
      mkdirSync(blobs, { recursive: true })
      // Blobs first: until the index names them, no reader can reach them.
      const ids = records.map((record) => {
        const id = createBlobId()
        writeFileSync(blobPath(id), record.value)
        return id
      })
      const replaced: string[] = []
      const previous = sql('SELECT blob_id FROM _mf_entries WHERE key = ?')
      const put = sql(
        'INSERT OR REPLACE INTO _mf_entries (key, blob_id, expiration, metadata) VALUES (?, ?, ?, ?)',
      )
      try {
        db.exec('BEGIN IMMEDIATE')
        records.forEach((record, i) => {
          const old = previous.get(record.key) as { blob_id: string } | undefined
          if (old) replaced.push(old.blob_id)
          const expiration = record.expiration === undefined ? null : record.expiration * 1000
          put.run(record.key, ids[i]!, expiration, record.metadata ?? null)
        })
        db.exec('COMMIT')
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK')
        for (const id of ids) removeBlob(id)
        throw error
      }
      for (const id of replaced) removeBlob(id)
      return records.length
    },
    delete(keys) {
      const removed: string[] = []
      const remove = sql('DELETE FROM _mf_entries WHERE key = ? RETURNING blob_id, expiration')
      db.exec('BEGIN IMMEDIATE')
      try {
        for (const key of keys) {
          const row = remove.get(key) as Pick<Row, 'blob_id' | 'expiration'> | undefined
          if (row && !expired(row)) removed.push(row.blob_id)
          else if (row) removeBlob(row.blob_id)
        }
        db.exec('COMMIT')
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK')
        throw error
      }
      for (const id of removed) removeBlob(id)
      return removed.length
    },
    clear(prefix = '') {
      let deleted = 0
      for (;;) {
        // Each page starts again from the front: the keys before it are gone.
        const page = this.list({ prefix, limit: 1000 })
        if (page.keys.length === 0) return deleted
        deleted += this.delete(page.keys.map((k) => k.name))
      }
    },
    dataVersion() {
      // Asked before every cached read: a row as an array costs a fraction of a row as an object.
      if (!version) {
        version = db.prepare('PRAGMA data_version')
        version.setReturnArrays?.(true)
      }
      const row = version.get() as unknown as number[] | { data_version: number }
      return Array.isArray(row) ? row[0]! : row.data_version
    },
    close() {
      db.close()
    },
  }
}
