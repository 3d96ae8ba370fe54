import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { timeEach } from '../lib/measure.mjs'
import { nodeSqlite } from '../lib/sqlite.mjs'

/** The floor: a JS Map read, and an in-process SQLite point read (Node's node:sqlite). */
export async function run({ iterations = 2000 } = {}) {
  const map = new Map([['hot', JSON.stringify({ score: 1 })]])
  const results = {
    'JS Map': { 'get (hit)': await timeEach(() => map.get('hot'), { iterations }) },
  }
  const DatabaseSync = nodeSqlite()
  if (!DatabaseSync) return results
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-sqlite-'))
  const db = new DatabaseSync(join(dir, 'kv.sqlite'))
  db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB)')
  db.prepare('INSERT INTO kv VALUES (?, ?)').run('hot', JSON.stringify({ score: 1 }))
  const read = db.prepare('SELECT value FROM kv WHERE key = ?')
  results['SQLite (node:sqlite)'] = {
    'get (hit)': await timeEach(() => read.get('hot'), { iterations }),
  }
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return results
}
