import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { checkStoreLinks, createBlobFiles } from './blob-files'
import { decodeRow, KEY, type RawRow, type Row } from './disk-rows'
import { loadSqlite } from './load-sqlite'
import { BLOB_ID, getNamespaceFiles } from './miniflare-format'

/**
 * Whole-namespace operations on Miniflare 4's files that the store clock and snapshots
 * need: each runs in one `BEGIN IMMEDIATE` transaction on its own connection, so no
 * writer (workerd, kvdev's fast path, wrangler) commits in the middle of it. Rows are
 * `_mf_entries` rows (`disk-rows.ts`): expiration in milliseconds, one immutable blob
 * file per value, named by its blob id. Callers hold the store's gate or lock.
 */
export interface DiskHistory {
  /** Where a blob lives. */
  blobPath(id: string): string
  /** Rows alive at `now` (ms) whose expiration is at or before `until` (ms), in key order. */
  expiring(now: number, until: number): Row[]
  /**
   * Moves every expiration `ms` earlier: rows expiring at or before `now + ms` are deleted
   * (with their blobs), the others keep their remaining time minus `ms`.
   */
  advance(now: number, ms: number): { expired: string[]; shifted: number }
  /**
   * Every row alive at `now`, read in one transaction that holds off writers while `keep`
   * runs: a blob named by a row cannot disappear before `keep` has linked it elsewhere.
   */
  readConsistent<T>(now: number, keep: (rows: Row[]) => T): T
  /**
   * Replaces every row with `rows`, whose blobs `source(id)` holds: each is linked into the
   * namespace's blob directory (ids never change content, so one already there is kept),
   * then the index is swapped in one transaction and blobs no row names any more removed.
   */
  replace(rows: Row[], source: (id: string) => string): { written: number; deleted: number }
  close(): void
}

const LIVE = '(expiration IS NULL OR expiration > ?)'

/** The namespace's files for whole-namespace work, or undefined before Miniflare created them. */
export function openDiskHistory(persistRoot: string, namespaceId: string): DiskHistory | undefined {
  const sqlite = loadSqlite()
  const files = getNamespaceFiles(persistRoot, namespaceId)
  if (!sqlite || !existsSync(files.database)) return undefined
  checkStoreLinks(persistRoot, namespaceId)
  const db = new sqlite.DatabaseSync(files.database)
  db.exec('PRAGMA busy_timeout = 5000')
  return createDiskHistory(db, files.blobs)
}

function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}

function createDiskHistory(db: DatabaseSync, blobs: string): DiskHistory {
  const blobPath = (id: string) => join(blobs, id)
  // Only ids of Miniflare's form name a file: a row with any other is corrupt (it reads as
  // missing), so it is neither linked, kept nor restored, and nothing outside the blobs is removed.
  const removeBlob = createBlobFiles(blobs).remove
  const rows = (where: string, ...params: number[]) =>
    (
      db
        .prepare(
          `SELECT ${KEY}, blob_id, expiration, metadata FROM _mf_entries WHERE ${where} ORDER BY _mf_entries.key`,
        )
        .all(...params) as unknown as RawRow<Row>[]
    ).map(decodeRow)

  return {
    blobPath,
    expiring(now, until) {
      return rows('expiration IS NOT NULL AND expiration > ? AND expiration <= ?', now, until)
    },
    advance(now, ms) {
      const { expired, shifted } = transaction(db, () => {
        // Rows already expired go too: Miniflare would drop them on their next read anyway.
        const gone = rows('expiration IS NOT NULL AND expiration <= ?', now + ms)
        db.prepare('DELETE FROM _mf_entries WHERE expiration IS NOT NULL AND expiration <= ?').run(
          now + ms,
        )
        const moved = db
          .prepare(
            'UPDATE _mf_entries SET expiration = expiration - ? WHERE expiration IS NOT NULL',
          )
          .run(ms)
        return { expired: gone, shifted: Number(moved.changes) }
      })
      for (const row of expired) removeBlob(row.blob_id)
      return { expired: expired.filter((r) => r.expiration! > now).map((r) => r.key), shifted }
    },
    readConsistent(now, keep) {
      return transaction(db, () => keep(rows(LIVE, now).filter((row) => BLOB_ID.test(row.blob_id))))
    },
    replace(all, source) {
      const next = all.filter((row) => BLOB_ID.test(row.blob_id))
      mkdirSync(blobs, { recursive: true })
      const linked: string[] = []
      for (const row of next) {
        if (existsSync(blobPath(row.blob_id))) continue
        linkOrCopy(source(row.blob_id), blobPath(row.blob_id))
        linked.push(row.blob_id)
      }
      let previous: { blob_id: string; expiration: number | null }[]
      try {
        previous = transaction(db, () => {
          const old = db
            .prepare('SELECT blob_id, expiration FROM _mf_entries')
            .all() as unknown as typeof previous
          db.exec('DELETE FROM _mf_entries')
          const put = db.prepare(
            'INSERT INTO _mf_entries (key, blob_id, expiration, metadata) VALUES (?, ?, ?, ?)',
          )
          for (const row of next) put.run(row.key, row.blob_id, row.expiration, row.metadata)
          return old
        })
      } catch (error) {
        for (const id of linked) removeBlob(id)
        throw error
      }
      const kept = new Set(next.map((row) => row.blob_id))
      for (const { blob_id } of previous) if (!kept.has(blob_id)) removeBlob(blob_id)
      const now = Date.now()
      const deleted = previous.filter((r) => r.expiration === null || r.expiration > now).length
      return { written: next.length, deleted }
    },
    close() {
      db.close()
    },
  }
}

/** A hard link (blobs never change in place, so sharing one is safe); a copy across filesystems. */
export function linkOrCopy(from: string, to: string): void {
  // A value file is a regular file: a link in its place would take a value from outside the store.
  if (!lstatSync(from).isFile()) throw new Error(`Not a value file: ${from}`)
  try {
    linkSync(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    copyFileSync(from, to)
  }
}
