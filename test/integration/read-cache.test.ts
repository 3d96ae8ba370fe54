import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KVNamespace, type KvRuntime } from '../../src'

describe('read cache in the runtime', () => {
  let root: string
  let kv: KvRuntime
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-cache-'))
    kv = await createKvRuntime({ root })
  })
  afterAll(async () => {
    await kv.dispose()
    rmSync(root, { recursive: true, force: true })
  })

  it('serves the latest write to the next read, through every path', async () => {
    const KV = kv.env.KV!
    expect(await KV.get('k')).toBeNull()
    await KV.put('k', 'one', { metadata: { n: 1 } })
    expect(await KV.getWithMetadata('k')).toEqual({
      value: 'one',
      metadata: { n: 1 },
      cacheStatus: null,
    })
    await kv.store().write([{ key: 'k', value: 'two' }])
    expect(await KV.get('k')).toBe('two')
    await kv.store().clear()
    expect(await KV.get('k')).toBeNull()
    await KV.put('k', 'three', { expirationTtl: 3600 })
    expect(await KV.get('k')).toBe('three')
    await KV.delete('k')
    expect(await KV.get('k')).toBeNull()
  })

  it('returns independent copies of cached bytes', async () => {
    const KV = kv.env.KV!
    await KV.put('b', new Uint8Array([1, 2, 3]))
    const first = new Uint8Array((await KV.get('b', 'arrayBuffer'))!)
    first[0] = 99
    expect([...new Uint8Array((await KV.get('b', 'arrayBuffer'))!)]).toEqual([1, 2, 3])
  })

  it('drops cached reads when another process writes the store', async () => {
    const KV = kv.env.KV!
    await KV.put('shared', 'from kvdev')
    expect(await KV.get('shared')).toBe('from kvdev')
    // Another tool on the same files, as wrangler would be.
    const other = new Miniflare({
      modules: true,
      script: 'export default {}',
      kvNamespaces: { KV: 'KV' },
      kvPersist: join(root, '.wrangler/state/v3/kv'),
      cf: false,
    })
    const otherKv = (await other.getKVNamespace('KV')) as unknown as KVNamespace
    await otherKv.put('shared', 'from elsewhere')
    await other.dispose()
    // The next read, with no wait: the cache checks SQLite's data_version (issue 19).
    expect(await KV.get('shared')).toBe('from elsewhere')
  })
})
