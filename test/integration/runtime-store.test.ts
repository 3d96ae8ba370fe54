import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvChangeEvent, type KvRecord, type KvRuntime } from '../../src'

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = []
  for await (const page of pages) out.push(...page)
  return out
}

// In memory every operation runs through workerd; persisted, admin operations run on the store's files.
describe.each([
  ['in memory', false],
  ['persisted', true],
])('kv store admin operations (%s)', (_, persisted) => {
  let kv: KvRuntime
  const events: KvChangeEvent[] = []
  let root: string | undefined
  beforeAll(async () => {
    root = persisted ? mkdtempSync(join(tmpdir(), 'kvdev-store-')) : undefined
    kv = await createKvRuntime({ root, persist: persisted, bindings: ['KV', 'OTHER'] })
    kv.onChange((event) => events.push(event))
    // Miniflare creates a namespace's files on its first write.
    await kv.env.KV!.put('created', '1')
    await kv.env.OTHER!.put('created', '1')
  })
  afterAll(async () => {
    await kv.dispose()
    if (root) rmSync(root, { recursive: true, force: true })
  })
  beforeEach(async () => {
    await kv.store('KV').clear()
    await kv.store('OTHER').clear()
    events.length = 0
  })

  it('writes records in batches and lists them with size and type', async () => {
    const records: KvRecord[] = [
      { key: 'user:1:state', value: '{"score":1}', metadata: { email: 'a@b.c', name: 'Ada' } },
      { key: 'user:2:state', value: 'plain text' },
      { key: 'blob', value: Buffer.from([0xff, 0xfe, 0]).toString('base64'), base64: true },
    ]
    expect(await kv.store().write(records)).toBe(3)
    const page = await kv.store().list()
    expect(page.list_complete).toBe(true)
    expect(page.keys).toEqual([
      { name: 'blob', size: 3, type: 'binary' },
      { name: 'user:1:state', size: 11, type: 'json', metadata: { email: 'a@b.c', name: 'Ada' } },
      { name: 'user:2:state', size: 10, type: 'text' },
    ])
    expect(await kv.env.KV!.get('user:1:state', 'json')).toEqual({ score: 1 })
  })

  it('sizes binary values and values read in bulk exactly', async () => {
    await kv.env.KV!.put('bin', new Uint8Array([0xff, 0, 0xc3]))
    await kv.env.KV!.put('fffd', 'a\uFFFDb')
    await kv.env.KV!.put('wide', '😀é')
    await kv.env.KV!.put('__proto__', '{}')
    const sizes = new Map((await kv.store().list()).keys.map((k) => [k.name, [k.size, k.type]]))
    expect(sizes).toEqual(
      new Map<string, unknown>([
        ['__proto__', [2, 'json']],
        ['bin', [3, 'binary']],
        ['fffd', [5, 'text']],
        ['wide', [6, 'text']],
      ]),
    )
    expect((await kv.store().stats()).bytes).toBe(16)
  })

  it('pages through more than 1000 keys and counts them', async () => {
    const records = Array.from({ length: 2500 }, (_, i) => ({
      key: `k:${String(i).padStart(5, '0')}`,
      value: `${i}`,
    }))
    await kv.store().write(records)
    const first = await kv.store().list({ prefix: 'k:', limit: 1000 })
    expect(first.keys).toHaveLength(1000)
    expect(first.list_complete).toBe(false)
    const names = (await collect(kv.store().keys('k:'))).map((k) => k.name)
    expect(names).toEqual(records.map((r) => r.key))
    expect(await kv.store().count('k:')).toBe(2500)
    expect(await kv.store().count('k:000')).toBe(100)
    expect(await kv.store('OTHER').count()).toBe(0)
  })

  it('inspects one key with a bounded preview', async () => {
    const expiration = Math.floor(Date.now() / 1000) + 3600
    await kv.env.KV!.put('big', 'x'.repeat(70_000), { expiration, metadata: { v: 1 } })
    await kv.env.KV!.put('big2', 'y')
    const info = await kv.store().inspect('big', 1024)
    expect(info).toMatchObject({
      name: 'big',
      size: 70_000,
      type: 'text',
      expiration,
      metadata: { v: 1 },
      truncated: true,
    })
    expect(Buffer.from(info!.preview).toString()).toBe('x'.repeat(1024))
    expect(await kv.store().inspect('bi')).toBeNull()
    const bare = await kv.store().inspect('big2', 0)
    expect(bare).toMatchObject({ name: 'big2', size: 1, truncated: true })
    expect(bare!.preview.byteLength).toBe(0)
  })

  it('clears by prefix and deletes named keys', async () => {
    await kv.store().write([
      { key: 'session:a', value: '1' },
      { key: 'session:b', value: '2' },
      { key: 'user:1', value: '3' },
      { key: 'user:2', value: '4' },
    ])
    expect(await kv.store().clear('session:')).toBe(2)
    expect(await kv.store().delete(['user:1', 'nope'])).toBe(2)
    expect((await kv.store().list()).keys.map((k) => k.name)).toEqual(['user:2'])
    expect(events.map((e) => e.kind)).toEqual(['seed', 'clear', 'clear'])
    expect(events[1]).toMatchObject({ binding: 'KV', prefix: 'session:', count: 2 })
  })

  it('reports stats by prefix with the largest keys', async () => {
    await kv.store().write([
      { key: 'user:1:state', value: 'x'.repeat(100) },
      { key: 'user:2:state', value: 'x'.repeat(50) },
      { key: 'cache:lb', value: 'x'.repeat(500) },
      { key: 'flags', value: 'x' },
    ])
    const stats = await kv.store().stats()
    expect(stats.keys).toBe(4)
    expect(stats.bytes).toBe(651)
    expect(stats.largest[0]).toEqual({ name: 'cache:lb', size: 500 })
    expect(stats.prefixes).toEqual([
      { prefix: 'user:', keys: 2, bytes: 150 },
      { prefix: '', keys: 1, bytes: 1 },
      { prefix: 'cache:', keys: 1, bytes: 500 },
    ])
  })

  it('gives back the same store after dump, clear and seed, byte for byte', async () => {
    const expiration = Math.floor(Date.now() / 1000) + 7200
    await kv.env.KV!.put('bin', new Uint8Array([0, 1, 2, 200, 255]), {
      metadata: { kind: 'bytes' },
    })
    await kv.env.KV!.put('json', '{"n":12345678901234567890}', { expiration })
    await kv.env.KV!.put('text:é', 'héllo wörld', {
      metadata: { email: 'a@b.c', name: 'Ada' },
      expiration,
    })
    await kv.env.KV!.put('empty', '')
    const before = await collect(kv.store().dump())
    expect(before.find((r) => r.key === 'bin')).toEqual({
      key: 'bin',
      value: Buffer.from([0, 1, 2, 200, 255]).toString('base64'),
      base64: true,
      metadata: { kind: 'bytes' },
    })
    expect(await kv.store().clear()).toBe(4)
    expect(await kv.store().count()).toBe(0)
    await kv.store().seed(before, 'merge')
    expect(await collect(kv.store().dump())).toEqual(before)
    expect([...new Uint8Array((await kv.env.KV!.get('bin', 'arrayBuffer'))!)]).toEqual([
      0, 1, 2, 200, 255,
    ])
  })

  it('replaces the whole namespace on a replace seed', async () => {
    await kv.store().write([{ key: 'old', value: '1' }])
    expect(await kv.store().seed([{ key: 'new', value: '2' }], 'replace')).toEqual({
      written: 1,
      deleted: 1,
    })
    expect((await kv.store().list()).keys.map((k) => k.name)).toEqual(['new'])
  })

  it('refuses a bad record in a batch with the binding message', async () => {
    await expect(kv.store().write([{ key: 'x'.repeat(513), value: 'v' }])).rejects.toThrow(
      'UTF-8 encoded length of 513 exceeds key length limit of 512',
    )
  })

  it('emits a change event for writes through the binding', async () => {
    await kv.env.OTHER!.put('a', '1')
    await kv.env.OTHER!.delete('a')
    expect(events.map(({ binding, kind, key }) => ({ binding, kind, key }))).toEqual([
      { binding: 'OTHER', kind: 'put', key: 'a' },
      { binding: 'OTHER', kind: 'delete', key: 'a' },
    ])
  })

  it('names the configured bindings when asked for an unknown one', () => {
    expect(() => kv.store('NOPE')).toThrow(
      '[kvdev] No KV binding named "NOPE". Configured bindings: KV, OTHER.',
    )
  })
})
