// The cost of proving the read cache current (issue 19): a hot `get` answered from the
// cache on a persisted store (one `PRAGMA data_version` per read), the same in memory (no
// other process can write it, so no check), and with the cache off (the files each time);
// beside them, the pragma alone on node:sqlite. `node bench/read-coherence.mjs [root] [batches]`
// bundles `<root>/src` (default: this checkout), so another checkout can be measured the same
// way; prints medians in µs, writes no file.
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { importSource } from './lib/bundle-src.mjs'

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'))
const BATCHES = Number(process.argv[3] ?? 400)
const READS = 20

const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-coherence-'))
const {
  module: { createKvRuntime },
  bundle,
} = await importSource(root, 'read-coherence', [`export { createKvRuntime } from './src/index'`])

const value = JSON.stringify({ score: 1 })
const persisted = await createKvRuntime({ root: join(dir, 'persisted') })
const memory = await createKvRuntime({ root: join(dir, 'memory'), persist: false })
const uncached = await createKvRuntime({ root: join(dir, 'uncached'), readCache: false })
for (const kv of [persisted, memory, uncached]) await kv.env.KV.put('hot', value)

// The pragma alone, on a file of the same shape.
const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite')
const db = new DatabaseSync(join(dir, 'pragma.sqlite'))
db.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)')
const pragma = db.prepare('PRAGMA data_version')

async function reads(kv) {
  const start = performance.now()
  for (let i = 0; i < READS; i++) await kv.env.KV.get('hot')
  return ((performance.now() - start) * 1000) / READS
}
const modes = {
  'get (hit), persisted: cache + data_version': () => reads(persisted),
  'get (hit), in memory: cache, no check': () => reads(memory),
  'get, persisted, readCache: false (files)': () => reads(uncached),
  'PRAGMA data_version alone': () => {
    const start = performance.now()
    for (let i = 0; i < READS; i++) pragma.get()
    return ((performance.now() - start) * 1000) / READS
  },
}
const samples = Object.fromEntries(Object.keys(modes).map((name) => [name, []]))
for (let round = 0; round < BATCHES + 50; round++) {
  // Interleaved, so load on the machine falls on every mode alike; the first 50 warm up.
  for (const [name, run] of Object.entries(modes)) {
    const us = await run()
    if (round >= 50) samples[name].push(us)
  }
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]
for (const [name, values] of Object.entries(samples)) {
  console.log(
    `${name}: ${median(values).toFixed(3)} µs (median of ${values.length} batches of ${READS})`,
  )
}
db.close()
for (const kv of [persisted, memory, uncached]) await kv.dispose()
rmSync(dir, { recursive: true, force: true })
rmSync(bundle, { force: true })
