import { randomBytes } from 'node:crypto'
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { summarise } from './measure.mjs'
import { nodeSqlite } from './sqlite.mjs'

const OBJECT_DIR = 'miniflare-KVNamespaceObject'

/** Miniflare's blob id: 32 random bytes and the time as a 64-bit integer, in hex (`generateBlobId`). */
function blobId() {
  const id = Buffer.alloc(40)
  randomBytes(32).copy(id)
  id.writeBigInt64BE(BigInt(Date.now()), 32)
  return id.toString('hex')
}

/** A namespace created by Miniflare itself under `persist`: its SQLite file and blobs directory. */
async function createNamespace(persist) {
  const mf = new Miniflare({
    modules: true,
    script: 'export default {}',
    kvNamespaces: { KV: 'floor' },
    cf: false,
    kvPersist: persist,
  })
  try {
    await (await mf.getKVNamespace('KV')).put('created', 'by Miniflare')
  } finally {
    await mf.dispose()
  }
  const objects = join(persist, OBJECT_DIR)
  const database = readdirSync(objects).find((f) => f.endsWith('.sqlite'))
  if (!database) throw new Error(`Miniflare created no namespace under ${objects}`)
  return { database: join(objects, database), blobs: join(persist, 'floor', 'blobs') }
}

/**
 * The physical floor of one `put`: what Miniflare's format needs on disk for a single key, and
 * nothing else, in a namespace Miniflare created under `persist` (the same directory and file
 * system as the store kvdev writes). Each put writes one new blob file (`wx`, no fsync, as
 * kvdev's `blob-files.ts` does) and runs one SQLite transaction on the same pragmas kvdev sets
 * (WAL, `synchronous = NORMAL`): the old row's blob id read, the row changed in place (the least
 * a row can cost: one page of the WAL) or inserted; then the old blob is unlinked. Keys cycle over 100 names, as the route's `put` does, so most puts
 * replace a value. `loop(n)` times `n` puts as the route times its own loop: the time per put,
 * a mean with every stall in it. Undefined on a Node without node:sqlite.
 */
export async function openPutFloor(persist) {
  const DatabaseSync = nodeSqlite()
  if (!DatabaseSync) return undefined
  const files = await createNamespace(persist)
  const db = new DatabaseSync(files.database)
  db.exec('PRAGMA busy_timeout = 5000')
  db.exec('PRAGMA synchronous = NORMAL')
  const previous = db.prepare('SELECT blob_id FROM _mf_entries WHERE key = ?')
  const insert = db.prepare(
    'INSERT INTO _mf_entries (key, blob_id, expiration, metadata) VALUES (?, ?, NULL, NULL)',
  )
  const update = db.prepare('UPDATE _mf_entries SET blob_id = ? WHERE key = ?')
  let i = 0
  const once = () => {
    const key = `put:${i % 100}`
    const id = blobId()
    writeFileSync(join(files.blobs, id), `value ${i++}`, { flag: 'wx' })
    db.exec('BEGIN IMMEDIATE')
    const old = previous.get(key)
    if (old) update.run(id, key)
    else insert.run(key, id)
    db.exec('COMMIT')
    if (old) unlinkSync(join(files.blobs, old.blob_id))
  }
  return {
    /** Per-put ms over a loop of `n` puts. */
    loop(n) {
      const start = performance.now()
      for (let k = 0; k < n; k++) once()
      return (performance.now() - start) / n
    },
    close: () => db.close(),
  }
}

/** `runs` loops of `n` puts on a fresh floor namespace, summarised (after a warm-up loop). */
export async function putFloor(persist, { runs = 5, n = 50 } = {}) {
  const floor = await openPutFloor(persist)
  if (!floor) return undefined
  try {
    floor.loop(Math.min(n, 10))
    const samples = Array.from({ length: runs }, () => floor.loop(n))
    return { ...summarise(samples), opsPerRun: n }
  } finally {
    floor.close()
  }
}
