import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { getPlatformProxy } from 'wrangler'
import { createKvRuntime } from '../../dist/index.mjs'
import { timeEach } from '../lib/measure.mjs'

const FIXTURE_CONFIG = join(import.meta.dirname, '../fixture/wrangler.jsonc')

const OPS = {
  'get (hit)': (kv) => kv.get('hot'),
  'get (miss)': (kv) => kv.get('absent'),
  getWithMetadata: (kv) => kv.getWithMetadata('hot'),
  put: (kv, i) => kv.put(`put:${i % 100}`, `value ${i}`),
  'list (100 keys)': (kv) => kv.list({ prefix: 'list:' }),
  delete: (kv, i) => kv.delete(`put:${i % 100}`),
}

async function prepare(kv) {
  await kv.put('hot', JSON.stringify({ score: 1 }), { metadata: { name: 'Ada' } })
  for (let i = 0; i < 100; i++) await kv.put(`list:${i}`, 'x')
}

async function measure(kv, iterations) {
  await prepare(kv)
  const out = {}
  for (const [name, op] of Object.entries(OPS))
    out[name] = await timeEach((i) => op(kv, i), { iterations })
  return out
}

/** Per-operation latency of `env.KV` as a route handler calls it. */
export async function run({ iterations = 300 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-ops-'))
  const results = {}
  try {
    const kv = await createKvRuntime({ root: join(dir, 'kvdev') })
    results.kvdev = await measure(kv.env.KV, iterations)
    await kv.dispose()

    const proxy = await getPlatformProxy({
      configPath: FIXTURE_CONFIG,
      persist: { path: join(dir, 'proxy') },
    })
    results.getPlatformProxy = await measure(proxy.env.KV, iterations)
    await proxy.dispose()

    const mf = new Miniflare({
      modules: true,
      script: 'export default {}',
      kvNamespaces: ['KV'],
      cf: false,
      kvPersist: join(dir, 'mf'),
    })
    results['Miniflare getKVNamespace'] = await measure(await mf.getKVNamespace('KV'), iterations)
    await mf.dispose()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}
