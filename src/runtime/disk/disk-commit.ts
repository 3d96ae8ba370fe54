import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { DiskWrite } from './disk-types'
import { EXPIRATION_UNIT_MS } from './miniflare-format'
import { createRowWriter } from './write-row'

/**
 * The index half of a write: names blobs already written (`ids[i]` holds `records[i]`) in one
 * transaction, then removes the blobs of the values it replaced. On failure nothing is named
 * and the new blobs are removed.
 */
export function createCommit(
  db: DatabaseSync,
  sql: (text: string) => StatementSync,
  removeBlob: (id: string) => void,
) {
  const writeRow = createRowWriter(sql)
  return function commit(records: DiskWrite[], ids: string[]): number {
    const replaced: string[] = []
    try {
      db.exec('BEGIN IMMEDIATE')
      records.forEach((record, i) => {
        const expiration =
          record.expiration === undefined ? null : record.expiration * EXPIRATION_UNIT_MS
        const old = writeRow(record.key, ids[i]!, expiration, record.metadata ?? null)
        if (old) replaced.push(old)
      })
      db.exec('COMMIT')
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK')
      for (const id of ids) removeBlob(id)
      throw error
    }
    for (const id of replaced) removeBlob(id)
    return records.length
  }
}
