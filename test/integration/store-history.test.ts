import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createKvRuntime,
  type KVNamespace,
  type KvChangeEvent,
  type KvRecord,
  type KvRuntime,
} from '../../src'
import type { StoreHistory } from '../../src/runtime/history/store-history'

async function dump(kv: KvRuntime): Promise<KvRecord[]> {
  const out: KvRecord[] = []
  for await (const page of kv.store().dump()) out.push(...page)
  return out
}

// Issue 22: the store clock and snapshots, on the files every tool reads.
describe('store history', () => {
  let root: string
  let kv: KvRuntime
  let history: StoreHistory
  const events: KvChangeEvent[] = []
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-history-'))
    kv = await createKvRuntime({ root, bindings: ['KV'] })
    kv.onChange((event) => events.push(event))
    await kv.env.KV!.put('created', '1')
    history = kv.store().history!
  })
  afterAll(async () => {
    await kv.dispose()
    rmSync(root, { recursive: true, force: true })
  })
  beforeEach(async () => {
    await kv.store().clear()
    for (const { name } of await history.listSnapshots()) await history.deleteSnapshot(name)
    events.length = 0
  })

  it('previews the keys a jump would expire without changing anything', async () => {
    const KV = kv.env.KV!
    await KV.put('soon', 'a', { expirationTtl: 600 })
    await KV.put('later', 'b', { expirationTtl: 7200 })
    await KV.put('never', 'c')
    const preview = await history.preview(3600)
    expect(preview.map((k) => k.name)).toEqual(['soon'])
    expect(await KV.get('soon')).toBe('a')
  })

  it('expires the keys inside a jump and moves the others by it exactly', async () => {
    const KV = kv.env.KV!
    await KV.put('soon', 'a', { expirationTtl: 600 })
    await KV.put('later', 'b', { expirationTtl: 7200, metadata: { m: 1 } })
    await KV.put('never', 'c')
    const before = (await KV.list()).keys
    // Read once so the Node-side cache holds each key.
    expect(await KV.get('soon')).toBe('a')
    expect(await KV.get('later')).toBe('b')
    const clockBefore = (await history.clock()).advancedSeconds
    const result = await history.advance(3600)
    expect(result.expired).toBe(1)
    expect(await KV.get('soon')).toBeNull()
    expect(await KV.getWithMetadata('later')).toEqual({
      value: 'b',
      metadata: { m: 1 },
      cacheStatus: null,
    })
    const after = (await KV.list()).keys
    const expiration = (keys: typeof after, name: string) =>
      keys.find((k) => k.name === name)?.expiration
    expect(expiration(after, 'later')).toBe(expiration(before, 'later')! - 3600)
    expect(after.map((k) => k.name)).toEqual(['later', 'never'])
    expect((await history.clock()).advancedSeconds).toBe(clockBefore + 3600)
    expect(events.some((e) => e.binding === 'KV')).toBe(true)
  })

  it('snapshots share blobs with the store and survive the store changing', async () => {
    await kv.store().write([
      { key: 'a', value: 'one', metadata: { v: 1 } },
      { key: 'b', value: Buffer.from([0, 255]).toString('base64'), base64: true },
    ])
    const saved = await history.saveSnapshot('first')
    expect(saved.keys).toBe(2)
    const blobs = join(root, '.wrangler/state/kvdev/snapshots/KV/first/blobs')
    // A hard link: the snapshot's blob is the store's file, not a copy.
    expect(readdirSync(blobs).map((id) => statSync(join(blobs, id)).nlink)).toEqual([2, 2])
    const original = await dump(kv)
    await kv.env.KV!.put('a', 'changed')
    await kv.env.KV!.put('c', 'new')
    await kv.env.KV!.delete('b')
    expect(await history.diffSnapshots('first')).toEqual({
      a: 'first',
      b: null,
      added: ['c'],
      removed: ['b'],
      changed: [{ key: 'a', changes: ['value', 'metadata'] }],
    })
    await history.restoreSnapshot('first')
    expect(await dump(kv)).toEqual(original)
    expect(await kv.env.KV!.get('a')).toBe('one')
    expect(await kv.env.KV!.get('c')).toBeNull()
  })

  it('diffs two snapshots and refuses unknown or taken names', async () => {
    await kv.env.KV!.put('a', '1')
    await history.saveSnapshot('one')
    await kv.env.KV!.put('a', '2', { metadata: { x: 1 } })
    await history.saveSnapshot('two')
    expect(await history.diffSnapshots('one', 'two')).toMatchObject({
      added: [],
      removed: [],
      changed: [{ key: 'a', changes: ['value', 'metadata'] }],
    })
    await expect(history.saveSnapshot('one')).rejects.toThrow('Snapshot already exists: "one"')
    await expect(history.restoreSnapshot('nope')).rejects.toThrow('No snapshot named "nope"')
    await expect(history.saveSnapshot('../x')).rejects.toThrow('Invalid snapshot name: "../x"')
    await history.deleteSnapshot('one')
    expect((await history.listSnapshots()).map((s) => s.name)).toEqual(['two'])
  })

  it('never saves a half-written state under concurrent writes, and restores it exactly', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `k${i}`)
    let generation = 0
    let writing = true
    // Every round rewrites all keys in one bulk write (one transaction): a consistent state has one generation.
    const writer = (async () => {
      while (writing) {
        generation++
        await kv
          .store()
          .write(keys.map((key) => ({ key, value: `g${generation}`, metadata: { generation } })))
        // A write on the files settles without I/O: let the saves' timers in between rounds.
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    const names: string[] = []
    for (let i = 0; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      names.push((await history.saveSnapshot(`s${i}`)).name)
    }
    writing = false
    await writer
    const saved = new Set<string>()
    for (const name of names) {
      await history.restoreSnapshot(name)
      const records = await dump(kv)
      expect(records.length).toBe(keys.length)
      expect(new Set(records.map((r) => r.value)).size).toBe(1)
      saved.add(records[0]!.value)
      expect(await history.diffSnapshots(name)).toMatchObject({
        added: [],
        removed: [],
        changed: [],
      })
    }
    // The writes ran between the saves: the snapshots hold more than one generation.
    expect(saved.size).toBeGreaterThan(1)
  })

  it('leaves a store other tools read with the jump applied', async () => {
    await kv.env.KV!.put('soon', 'a', { expirationTtl: 120 })
    await kv.env.KV!.put('later', 'b', { expirationTtl: 86_400 })
    const before = (await kv.env.KV!.list()).keys.find((k) => k.name === 'later')!.expiration!
    await history.advance(600)
    await kv.dispose()
    // Miniflare itself, as wrangler and @cloudflare/vite-plugin run it, on the same files.
    const other = new Miniflare({
      modules: true,
      script: 'export default {}',
      kvNamespaces: { KV: 'KV' },
      kvPersist: join(root, '.wrangler/state/v3/kv'),
      cf: false,
    })
    try {
      const KV = (await other.getKVNamespace('KV')) as unknown as KVNamespace
      expect(await KV.get('soon')).toBeNull()
      expect((await KV.list()).keys).toEqual([{ name: 'later', expiration: before - 600 }])
    } finally {
      await other.dispose()
      kv = await createKvRuntime({ root, bindings: ['KV'] })
      history = kv.store().history!
    }
  })
})
