import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare-5'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KVNamespace } from '../../src'

// @cloudflare/vite-plugin 2 runs Miniflare 5 with `resourcePersistencePath: <root>/.cloudflare/state/v3`
// (its `getPersistenceRoot`). Its beta cannot be installed from npm (it depends on unpublished
// packages), so its Miniflare is started here exactly as it starts it.
async function withPlugin2Store<T>(root: string, work: (kv: KVNamespace) => Promise<T>) {
  const mf = new Miniflare({
    cf: false,
    enableDevRegistry: false,
    telemetry: { enabled: false },
    resourcePersistencePath: join(root, '.cloudflare/state/v3'),
    workers: [
      {
        config: {
          name: 'app',
          compatibilityDate: '2025-01-01',
          manifest: {
            mainModule: 'index.mjs',
            modules: { 'index.mjs': { type: 'esm', contents: 'export default {}' } },
          },
          env: { KV: { type: 'kv', id: 'kv-id' } },
        },
      },
    ],
  })
  try {
    return await work((await mf.getKVNamespace('KV')) as unknown as KVNamespace)
  } finally {
    await mf.dispose()
  }
}

describe('@cloudflare/vite-plugin 2 store', () => {
  let root: string
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-cf-vite-2-'))
    writeFileSync(join(root, 'cloudflare.config.ts'), 'export default {}')
    writeFileSync(
      join(root, 'wrangler.jsonc'),
      '{ "name": "app", "kv_namespaces": [{ "binding": "KV", "id": "kv-id" }] }',
    )
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('shares .cloudflare/state with the plugin both ways, and leaves .wrangler alone', async () => {
    const kv = await createKvRuntime({ root })
    expect(kv.persistRoot).toBe(join(root, '.cloudflare/state'))
    await kv.env.KV!.put('user:1:state', '{"score":1}', { metadata: { name: 'Ada' } })
    await kv.dispose()

    await withPlugin2Store(root, async (KV) => {
      expect(await KV.getWithMetadata('user:1:state')).toEqual({
        value: '{"score":1}',
        metadata: { name: 'Ada' },
        cacheStatus: null,
      })
      await KV.put('from:plugin', 'hello')
    })

    const again = await createKvRuntime({ root })
    try {
      expect(await again.env.KV!.get('from:plugin')).toBe('hello')
    } finally {
      await again.dispose()
    }
    expect(existsSync(join(root, '.wrangler'))).toBe(false)
  })
})
