import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { MINIFLARE_MAJOR } from '../../src/runtime/miniflare-options'
import { startReferenceKv } from '../helpers/reference-kv'

describe('kvdev on miniflare 5', () => {
  let root: string
  let runtime: KvRuntime
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-mf5-'))
    runtime = await createKvRuntime({ root, bindings: [{ binding: 'KV', id: 'ns' }] })
  })
  afterAll(async () => {
    await runtime.dispose()
    rmSync(root, { recursive: true, force: true })
  })

  it('runs on the miniflare 5 this suite aliases', () => {
    expect(MINIFLARE_MAJOR).toBe(5)
  })

  it('keeps the store in wrangler 4 layout, inside the project only', async () => {
    await runtime.env.KV!.put('user:1:state', '{"score":1}', { metadata: { v: 1 } })
    const kv = join(root, '.wrangler/state/v3/kv')
    expect(readdirSync(join(kv, 'ns', 'blobs'))).toHaveLength(1)
    expect(existsSync(join(kv, 'miniflare-KVNamespaceObject'))).toBe(true)
    // Nothing beside the state directory: no dev registry, no other file in the project.
    expect(readdirSync(root)).toEqual(['.wrangler'])
  })

  it('shares its files with another miniflare 5 on the same store', async () => {
    await runtime.env.KV!.put('shared', 'from kvdev', { metadata: { by: 'kvdev' } })
    const other = await startReferenceKv(join(root, '.wrangler/state/v3/kv'), 'ns')
    try {
      expect(await other.kv.getWithMetadata('shared')).toEqual({
        value: 'from kvdev',
        metadata: { by: 'kvdev' },
        cacheStatus: null,
      })
    } finally {
      await other.dispose()
    }
  })
})
