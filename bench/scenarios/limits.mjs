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
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-sqlite-'))
  let db
  try {
    // A native module: absent, or built for another Node's ABI, it leaves the floor out.
    db = new (await import('better-sqlite3')).default(join(dir, 'kv.sqlite'))
  } catch {
    rmSync(dir, { recursive: true, force: true })
    return results
  }
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
