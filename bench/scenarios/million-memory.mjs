import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { startServer } from '../lib/dev-server.mjs'
import { firstUrl } from '../lib/first-url.mjs'
import { ok, waitFor } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'
import { treeRssMiB } from '../lib/processes.mjs'

const BIN = join(import.meta.dirname, '../../bin/kvdev.mjs')
const DEV_FIXTURE = join(import.meta.dirname, '../fixture/dev')
const GC_ARGS = ['--expose-gc', '--import', join(import.meta.dirname, '../lib/gc-on-signal.mjs')]
/** The namespace id both fixtures bind (bench/fixture/wrangler.jsonc, bench/fixture/dev). */
const NAMESPACE = 'bench'

export const MEMORY_ROWS = {
  plugin: '`vite dev` with `kvdev()`',
  dev: '`kvdev dev`',
}

/** An empty store: the namespace created by Miniflare itself (one key put, then deleted). */
async function createEmptyStore() {
  const persistTo = mkdtempSync(join(tmpdir(), 'kvdev-bench-memory-empty-'))
  const mf = new Miniflare({
    modules: true,
    script: 'export default {}',
    kvNamespaces: { KV: NAMESPACE },
    cf: false,
    kvPersist: join(persistTo, 'v3', 'kv'),
  })
  try {
    const kv = await mf.getKVNamespace('KV')
    await kv.put('created', 'by Miniflare')
    await kv.delete('created')
  } finally {
    await mf.dispose()
  }
  return persistTo
}

/** Resident memory of the whole tree at rest: a full GC in Node first, then the median of three reads. */
async function atRest(pid) {
  await new Promise((r) => setTimeout(r, 1000))
  process.kill(pid, 'SIGUSR2')
  const reads = []
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 500))
    reads.push(treeRssMiB(pid))
  }
  return summarise(reads).median
}

/** The Vite dev server with `kvdev()` on `persistTo`: started, one KV route answered, at rest. */
async function pluginAtRest(persistTo) {
  const server = startServer('kvdev', { persist: persistTo, nodeArgs: GC_ARGS })
  try {
    const url = await server.ready
    await ok(`${url}/api/ping`)
    return await atRest(server.child.pid)
  } finally {
    await server.close()
  }
}

/** `kvdev dev` on `persistTo`: started, one KV route answered, at rest. */
async function devAtRest(persistTo) {
  const args = [...GC_ARGS, BIN, 'dev', '--port', '0', '--persist-to', persistTo]
  // stdin stays open: `kvdev dev` closes when its stdin ends.
  const child = spawn(process.execPath, args, { cwd: DEV_FIXTURE, stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => {
    stderr += d
  })
  try {
    const url = await firstUrl(child, () => stderr, { loopback: true })
    await waitFor(`${url}/api/ping`, performance.now())
    return await atRest(child.pid)
  } finally {
    const exited = new Promise((r) => child.once('exit', r))
    if (child.exitCode === null) child.kill('SIGINT')
    await exited
  }
}

/**
 * The dev server's resident memory at rest (Node and workerd, the whole process tree), on an
 * empty store and on the million-key store (`ensureStore1m`, bench/lib/store-1m.mjs): started,
 * one KV-backed route answered (`/api/ping`, a `get`), a full GC, then read. Each round runs
 * every row once, in turn, so a change of load hits them alike. `ensureStore` stands in for
 * `ensureStore1m` (the smoke run passes a small store).
 */
export async function run({ runs = 3, ensureStore } = {}) {
  const large = await (ensureStore ?? (await import('../lib/store-1m.mjs')).ensureStore1m)()
  const samples = {}
  const launch = { plugin: pluginAtRest, dev: devAtRest }
  for (let i = 0; i < runs; i++) {
    for (const [row, once] of Object.entries(launch)) {
      const empty = await createEmptyStore()
      try {
        for (const [store, persistTo] of [
          ['empty', empty],
          ['large', large.persistTo],
        ]) {
          samples[row] ??= { empty: [], large: [] }
          samples[row][store].push(await once(persistTo))
        }
      } finally {
        rmSync(empty, { recursive: true, force: true })
      }
    }
  }
  const out = { keys: large.keys }
  for (const [row, s] of Object.entries(samples))
    out[row] = { empty: summarise(s.empty), large: summarise(s.large) }
  return out
}
