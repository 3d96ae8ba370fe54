import { existsSync } from 'node:fs'
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { KV_LIMITS } from '../../constants'
import type { KvValueType } from '../../types/records'
import { checkStoreLinks, createBlobFiles } from './blob-files'
import { createBlobInfo } from './blob-info'
import { createCommit } from './disk-commit'
import { countRows } from './disk-count'
import { base64, decodeRow, fromBase64, KEY, type RawRow, type Row, toEntry } from './disk-rows'
import type { DiskEntry, DiskStore, DiskWrite, ListOptions } from './disk-types'
import { loadSqlite } from './load-sqlite'
import {
  createBlobId,
  ENTRY_COLUMNS,
  getNamespaceFiles,
  getUntestedReason,
} from './miniflare-format'
import { getPrefixBound } from './prefix-bound'

export type { DiskEntry, DiskStore, DiskWrite }

/** The columns Miniflare 4's KV object creates; any other shape is a store this code does not know. */
function hasKnownSchema(db: DatabaseSync): boolean {
  const columns = db.prepare('PRAGMA table_info(_mf_entries)').all() as { name: string }[]
  return (
    columns.length === ENTRY_COLUMNS.length && columns.every((c, i) => c.name === ENTRY_COLUMNS[i])
  )
}

let untested: { reason?: string } | undefined

/** Whether these Miniflare and workerd versions are ones the files path was tested on; says once why not. */
function isTestedVersion(): boolean {
  if (!untested) {
    untested = { reason: getUntestedReason() }
    if (untested.reason)
      console.warn(`[kvdev] Every KV call goes through workerd: ${untested.reason}.`)
  }
  return untested.reason === undefined
}

/**
 * Opens a namespace's files, or undefined when they can't be used directly: no
 * built-in SQLite, a namespace Miniflare has not created yet, a schema it does not
 * know, or Miniflare and workerd versions the files path was not tested on. Callers
 * then start Miniflare, which handles every case. A store whose directories are
 * symbolic links is refused (`checkStoreLinks`).
 */
export function openDiskStore(persistRoot: string, namespaceId: string): DiskStore | undefined {
  checkStoreLinks(persistRoot, namespaceId)
  const sqlite = loadSqlite()
  const files = getNamespaceFiles(persistRoot, namespaceId)
  if (!sqlite || !existsSync(files.database) || !isTestedVersion()) return undefined
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
  return createDiskStore(db, files, () => checkStoreLinks(persistRoot, namespaceId))
}

function createDiskStore(
  db: DatabaseSync,
  files: { database: string; blobs: string },
  checkLinks: () => void,
): DiskStore {
  const statements = new Map<string, StatementSync>()
  const sql = (text: string) => {
    const cached = statements.get(text)
    if (cached) return cached
    const statement = db.prepare(text)
    statements.set(text, statement)
    return statement
  }
  const blobs = createBlobFiles(files.blobs, checkLinks)
  const removeBlob = (id: string) => blobs.remove(id)
  let corruptTold = false
  /** A row whose value cannot be read is corrupt, not missing: answered as missing (as Miniflare's binding does) and told once. */
  function corrupt(row: Pick<Row, 'key' | 'blob_id'>, why: string): null {
    if (!corruptTold) {
      corruptTold = true
      console.warn(
        `[kvdev] A corrupt row in ${files.database}: key ${JSON.stringify(row.key)} names blob ${JSON.stringify(row.blob_id)}, ${why}. Miniflare's binding reads such a key as missing, and so does kvdev; delete the key or restore its value.`,
      )
    }
    return null
  }
  /**
   * The row's blob, read or measured. A blob missing because another process replaced the
   * value meanwhile is no corruption: the row is read again and the new blob used.
   */
  function fromBlob<T>(
    row: Row,
    use: (id: string) => T | { why: string },
  ): { row: Row; found: T } | null {
    for (let attempt = 0; ; attempt++) {
      const found = use(row.blob_id)
      if (!(found as { why?: string }).why) return { row, found: found as T }
      const again = attempt < 2 ? readRow(row.key) : undefined
      if (!again) return attempt < 2 ? null : corrupt(row, (found as { why: string }).why)
      if (again.blob_id === row.blob_id) return corrupt(row, (found as { why: string }).why)
      row = again
    }
  }
  const describeBlob = createBlobInfo((id) => {
    const found = blobs.read(id)
    return 'bytes' in found ? found.bytes : null
  })
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

  /**
   * One page of live rows in byte order, and the cursor past it when more follow. `search`
   * keeps the keys holding it: a case-sensitive match on the key's UTF-8 bytes (`instr` over
   * blobs, so `%`, `_` and NUL are plain bytes), scanned along the key index.
   */
  function listRows({
    prefix = '',
    limit = KV_LIMITS.MAX_LIST_LIMIT,
    cursor,
    search,
  }: ListOptions): { rows: Row[]; cursor?: string } {
    const after = cursor === undefined ? '' : fromBase64(cursor)
    const upper = getPrefixBound(prefix)
    // One lower bound: given two (`key >= prefix AND key > after`), SQLite seeks by either,
    // and from the prefix a page deep in the list would scan every key before it.
    const past = Buffer.compare(Buffer.from(after), Buffer.from(prefix)) >= 0 && after !== ''
    const rows = sql(
      `SELECT ${KEY}, blob_id, expiration, metadata FROM _mf_entries
        WHERE key ${past ? '>' : '>='} ? ${upper === undefined ? '' : 'AND key < ?'}
        ${search ? 'AND instr(CAST(_mf_entries.key AS BLOB), ?) > 0' : ''}
        AND (expiration IS NULL OR expiration >= ?)
        ORDER BY _mf_entries.key LIMIT ?`,
    ).all(
      ...[past ? after : prefix, ...(upper === undefined ? [] : [upper])],
      ...(search ? [Buffer.from(search, 'utf8')] : []),
      Date.now(),
      limit + 1,
    ) as unknown as RawRow<Row>[]
    const matching = rows.map(decodeRow).filter((row) => row.key.startsWith(prefix))
    if (matching.length <= limit) return { rows: matching }
    const page = matching.slice(0, limit)
    return { rows: page, cursor: base64(page[page.length - 1]!.key) }
  }

  const commit = createCommit(db, sql, removeBlob)

  return {
    get(key) {
      const row = readRow(key)
      const read = row && fromBlob(row, blobs.read)
      return read ? { value: read.found.bytes, entry: toEntry(read.row) } : null
    },
    valueInfo(key) {
      const row = readRow(key)
      return row ? describeBlob(row.blob_id) : null
    },
    head(key) {
      const row = readRow(key)
      const read = row && fromBlob(row, blobs.size)
      return read ? { entry: toEntry(read.row), size: read.found.size } : null
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
    count: (prefix = '') => countRows(sql, prefix),
    sizes(prefix, each) {
      const upper = getPrefixBound(prefix)
      const walk = sql(
        `SELECT ${KEY}, blob_id, expiration FROM _mf_entries WHERE key >= ? ${upper === undefined ? '' : 'AND key < ?'}
          AND (expiration IS NULL OR expiration >= ?) ORDER BY _mf_entries.key`,
      )
      const bounds = [prefix, ...(upper === undefined ? [] : [upper])]
      for (const raw of walk.iterate(...bounds, Date.now()) as Iterable<RawRow<Row>>) {
        const row = decodeRow<Row>({ ...raw, metadata: null })
        if (!row.key.startsWith(prefix)) break
        const measured = fromBlob(row, blobs.size)
        if (measured) each(measured.row.key, measured.found.size)
      }
    },
    write(records) {
      if (records.length === 0) return 0
      // Blobs first: until the index names them, no reader can reach them.
      const ids = records.map((record) => {
        const id = createBlobId()
        blobs.write(id, record.value)
        return id
      })
      return commit(records, ids)
    },
    async writeMany(records) {
      if (records.length === 0) return 0
      const written = records.map((record) => ({ id: createBlobId(), bytes: record.value }))
      try {
        await blobs.writeAll(written)
      } catch (error) {
        for (const { id } of written) removeBlob(id)
        throw error
      }
      return commit(
        records,
        written.map((blob) => blob.id),
      )
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
      let cursor: string | undefined
      // Page by page after the last key seen: a key that cannot be deleted never holds the walk.
      do {
        const page = this.list({ prefix, limit: KV_LIMITS.MAX_LIST_LIMIT, cursor })
        deleted += this.delete(page.keys.map((k) => k.name))
        cursor = page.cursor
      } while (cursor)
      return deleted
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
