import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = []
  for await (const page of pages) out.push(...page)
  return out
}

// Keys Workers KV accepts that a prefix listing in SQLite gets wrong (NUL), and their neighbours.
const ODD_KEYS = [
  'a\u0000',
  'a\u0000b',
  'a\u0000\u0000',
  '\u0000',
  '\u0000lead',
  'tail\u0000',
  'a\u0001',
  'a\uD7FF',
  'a\uE000',
  'a\u{10FFFF}',
  'a\u{10FFFF}\u0000',
  '😀\u0000😀',
  '%00',
  'a',
]

describe('admin operations on keys with NUL (issue 11)', () => {
  let kv: KvRuntime
  beforeAll(async () => {
    kv = await createKvRuntime({ persist: false, bindings: ['KV'] })
  })
  afterAll(() => kv.dispose())
  beforeEach(async () => {
    await kv.store().clear()
    for (const key of ODD_KEYS) {
      await kv.env.KV!.put(key, `v:${key}`, { metadata: { key }, expirationTtl: 3600 })
    }
  })

  it('inspects every key, with its metadata and expiration', async () => {
    for (const key of ODD_KEYS) {
      const found = await kv.store().inspect(key)
      expect(found, JSON.stringify(key)).not.toBeNull()
      expect(found!.name).toBe(key)
      expect(found!.metadata).toEqual({ key })
      expect(found!.expiration).toBeGreaterThan(Date.now() / 1000)
      expect(Buffer.from(found!.preview).toString()).toBe(`v:${key}`)
      expect((await kv.store().find(key))?.name).toBe(key)
    }
  })

  it('finds nothing for a key that is absent but whose neighbours exist', async () => {
    for (const key of ['a\u0000c', 'a\u0000\u0000\u0000', 'b', '\u0000\u0000', 'a\u0000a']) {
      expect(await kv.store().inspect(key), JSON.stringify(key)).toBeNull()
      expect(await kv.store().find(key)).toBeNull()
    }
  })

  it('lists, counts, dumps and clears by a prefix holding NUL', async () => {
    const under = ODD_KEYS.filter((k) => k.startsWith('a\u0000')).sort()
    expect(await kv.store().count('a\u0000')).toBe(under.length)
    expect((await kv.store().list({ prefix: 'a\u0000' })).keys.map((k) => k.name)).toEqual(under)
    const names = (await collect(kv.store().keys('a\u0000'))).map((k) => k.name)
    expect(names).toEqual(under)
    const dumped = await collect(kv.store().dump('a\u0000'))
    expect(dumped.map((r) => [r.key, r.value])).toEqual(under.map((k) => [k, `v:${k}`]))
    expect((await kv.store().stats('a\u0000')).keys).toBe(under.length)
    expect(await kv.store().clear('a\u0000')).toBe(under.length)
    const left = (await collect(kv.store().keys())).map((k) => k.name)
    expect(left.sort()).toEqual(ODD_KEYS.filter((k) => !under.includes(k)).sort())
  })

  it('pages through a prefix holding NUL with cursors', async () => {
    await kv.store().clear()
    const keys = Array.from({ length: 25 }, (_, i) => `p\u0000${String(i).padStart(2, '0')}`)
    for (const key of keys) await kv.env.KV!.put(key, 'x')
    await kv.env.KV!.put('p\u0001', 'after')
    await kv.env.KV!.put('p', 'before')
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await kv.store().list({ prefix: 'p\u0000', limit: 10, cursor })
      seen.push(...page.keys.map((k) => k.name))
      cursor = page.cursor
    } while (cursor)
    expect(seen).toEqual(keys)
  })

  it('deletes a key with NUL and then no longer finds it', async () => {
    expect(await kv.store().delete(['a\u0000b'])).toBe(1)
    expect(await kv.store().inspect('a\u0000b')).toBeNull()
    expect(await kv.env.KV!.get('a\u0000b')).toBeNull()
    expect(await kv.store().inspect('a\u0000')).not.toBeNull()
  })

  it('sees a key with NUL as present, so a write ifAbsent is refused', async () => {
    // The inspector's ifAbsent and delete answers rest on this lookup.
    expect(await kv.store().inspect('\u0000')).not.toBeNull()
    await kv.store().delete(['\u0000'])
    expect(await kv.store().inspect('\u0000')).toBeNull()
  })
})
