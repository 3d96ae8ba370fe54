import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nodeSqlite } from './sqlite.mjs'

/**
 * The physical floor of a seed: what Miniflare's KV store must do on disk for `records`, and
 * nothing else. One blob file per value plus one node:sqlite transaction inserting every entry
 * row (Miniflare's `_mf_entries` shape), in a fresh directory. Returns ms, or undefined on a
 * Node without node:sqlite.
 */
export function seedFloorMs(records) {
  const DatabaseSync = nodeSqlite()
  if (!DatabaseSync) return undefined
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-floor-'))
  try {
    const start = performance.now()
    const blobs = join(dir, 'blobs')
    mkdirSync(blobs)
    const db = new DatabaseSync(join(dir, 'db.sqlite'))
    db.exec(
      'CREATE TABLE _mf_entries (key TEXT PRIMARY KEY, blob_id TEXT NOT NULL, expiration INTEGER, metadata TEXT)',
    )
    const insert = db.prepare('INSERT OR REPLACE INTO _mf_entries VALUES (?, ?, NULL, ?)')
    db.exec('BEGIN')
    for (const r of records) {
      const id = randomBytes(32).toString('hex')
      writeFileSync(join(blobs, id), r.value)
      insert.run(r.key, id, r.metadata === undefined ? null : JSON.stringify(r.metadata))
    }
    db.exec('COMMIT')
    db.close()
    return performance.now() - start
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
