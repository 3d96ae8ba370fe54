import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { timeEach } from '../lib/measure.mjs'

/** The floor: a JS Map read, and an in-process SQLite point read (better-sqlite3). */
export async function run({ iterations = 2000 } = {}) {
  const map = new Map([['hot', JSON.stringify({ score: 1 })]])
  const results = {
    'JS Map': { 'get (hit)': await timeEach(() => map.get('hot'), { iterations }) },
  }
  let Database
  try {
    Database = (await import('better-sqlite3')).default
  } catch {
    return results
  }
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-sqlite-'))
  const db = new Database(join(dir, 'kv.sqlite'))
  db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB)')
  db.prepare('INSERT INTO kv VALUES (?, ?)').run('hot', JSON.stringify({ score: 1 }))
  const read = db.prepare('SELECT value FROM kv WHERE key = ?')
  results['SQLite (better-sqlite3)'] = {
    'get (hit)': await timeEach(() => read.get('hot'), { iterations }),
  }
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return results
}
