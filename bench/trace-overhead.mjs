// The cost of the KV trace on a hot `get`: the binding outside a request (what every call
// pays: one check), and its view inside a traced request (a fresh trace every 20
// reads, as a route reads a handful of keys). `node bench/trace-overhead.mjs [root] [batches]`
// bundles `<root>/src` (default: this checkout), so another checkout can be measured the same
// way; prints medians in µs, writes no file.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { importSource } from './lib/bundle-src.mjs'

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'))
const BATCHES = Number(process.argv[3] ?? 400)
const READS_PER_REQUEST = 20
const traced = existsSync(join(root, 'src/usage/trace-scope.ts'))

const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-trace-'))
const { module: kvdev, bundle } = await importSource(root, 'trace-overhead', [
  `export { createKvRuntime } from './src/index'`,
  traced ? `export { traceEnv } from './src/usage/trace-scope'` : '',
  traced ? `export { createUsageMeter } from './src/usage/meter'` : '',
])

const kv = await kvdev.createKvRuntime({ root: join(dir, 'kvdev') })
await kv.env.KV.put('hot', JSON.stringify({ score: 1 }))

async function batch(env = kv.env) {
  const start = performance.now()
  for (let i = 0; i < READS_PER_REQUEST; i++) await env.KV.get('hot')
  return ((performance.now() - start) * 1000) / READS_PER_REQUEST
}

const modes = { 'outside a request': () => batch() }
if (traced) {
  const meter = kvdev.createUsageMeter()
  modes['inside a traced request'] = async () => {
    const trace = meter.begin({ method: 'GET', path: '/bench' })
    const scope = { record: (op) => meter.record(trace, op) }
    const us = await batch(kvdev.traceEnv(kv.env, scope))
    meter.end(trace, { status: 200, route: '/bench', persona: 'anonymous' })
    return us
  }
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
    `get (hit), ${name}: ${median(values).toFixed(3)} µs (median of ${values.length} batches of ${READS_PER_REQUEST})`,
  )
}
await kv.dispose()
rmSync(dir, { recursive: true, force: true })
rmSync(bundle, { force: true })
