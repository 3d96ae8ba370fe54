import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { type DiskStore, openDiskStore } from '../../src/runtime/disk/disk-store'
import { getNamespaceFiles } from '../../src/runtime/disk/miniflare-format'

const encode = (text: string) => new TextEncoder().encode(text)

describe('disk store writeMany (issue 21)', () => {
  let root: string
  let kv: KvRuntime
  let disk: DiskStore
  let blobs: string
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-write-many-'))
    kv = await createKvRuntime({ root })
    await kv.env.KV!.put('seed', 'x')
    disk = openDiskStore(join(root, '.wrangler/state'), 'KV')!
    blobs = getNamespaceFiles(join(root, '.wrangler/state'), 'KV').blobs
  })
  afterAll(async () => {
    disk?.close()
    await kv.dispose()
    rmSync(root, { recursive: true, force: true })
  })

  it('writes many values read back equal through the binding, the last of a key winning', async () => {
    const records = Array.from({ length: 300 }, (_, i) => ({
      key: `user:${i % 250}:state`,
      value: encode(`v${i}:${'é'.repeat(i)}`),
      ...(i % 2 ? { metadata: JSON.stringify({ i }) } : {}),
    }))
    expect(await disk.writeMany(records)).toBe(300)
    for (const i of [0, 49, 50, 249, 299]) {
      const key = `user:${i % 250}:state`
      const last = i % 250 < 50 ? (i % 250) + 250 : i % 250
      const got = await kv.env.KV!.getWithMetadata(key)
      expect(got.value).toBe(`v${last}:${'é'.repeat(last)}`)
      expect(got.metadata).toStrictEqual(last % 2 ? { i: last } : null)
    }
    // One blob per live key (and the first put's): the replaced ones were removed.
    expect(readdirSync(blobs)).toHaveLength(251)
  })

  it('names nothing and leaves no blob when one blob cannot be written', async () => {
    const before = readdirSync(blobs).length
    const records = Array.from({ length: 20 }, (_, i) => ({
      key: `fail:${i}`,
      // One value node:fs refuses to write, among others written around it.
      value: (i === 13 ? 13 : encode(`v${i}`)) as Uint8Array,
    }))
    await expect(disk.writeMany(records)).rejects.toThrow()
    expect(disk.get('fail:0')).toBeNull()
    expect(disk.count('fail:')).toBe(0)
    expect(readdirSync(blobs)).toHaveLength(before)
  })
})
