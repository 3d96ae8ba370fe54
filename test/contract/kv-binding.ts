import { expect, it } from 'vitest'
import type { KVNamespace } from '../../src'

/**
 * The Workers KV binding contract: every backend kvdev offers as `env.KV` runs
 * these, and so does Miniflare's own binding, the reference.
 */
export function describeKvContract(getKv: () => KVNamespace): void {
  const now = () => Math.floor(Date.now() / 1000)

  it('stores and reads text, json, arrayBuffer and stream', async () => {
    const kv = getKv()
    await kv.put('c:text', 'héllo')
    await kv.put('c:json', JSON.stringify({ a: [1, 2], big: 12345678901234567890n.toString() }))
    await kv.put('c:bin', new Uint8Array([0, 255, 1, 254]))
    expect(await kv.get('c:text')).toBe('héllo')
    expect(await kv.get('c:text', 'text')).toBe('héllo')
    expect(await kv.get('c:json', 'json')).toEqual({ a: [1, 2], big: '12345678901234567890' })
    expect(await kv.get('c:json', { type: 'json' })).toEqual({
      a: [1, 2],
      big: '12345678901234567890',
    })
    expect([...new Uint8Array((await kv.get('c:bin', 'arrayBuffer'))!)]).toEqual([0, 255, 1, 254])
    const stream = await kv.get('c:text', 'stream')
    expect(await new Response(stream).text()).toBe('héllo')
  })

  it('accepts every value type put takes', async () => {
    const kv = getKv()
    await kv.put('v:ab', new Uint8Array([1, 2, 3]).buffer)
    await kv.put('v:view', new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2))
    await kv.put('v:stream', new Blob(['streamed']).stream())
    await kv.put('v:empty', '')
    expect([...new Uint8Array((await kv.get('v:ab', 'arrayBuffer'))!)]).toEqual([1, 2, 3])
    expect([...new Uint8Array((await kv.get('v:view', 'arrayBuffer'))!)]).toEqual([8, 7])
    expect(await kv.get('v:stream')).toBe('streamed')
    expect(await kv.get('v:empty')).toBe('')
  })

  it('rejects values put does not take, with the runtime message', async () => {
    const kv = getKv()
    await expect(kv.put('v:obj', { a: 1 } as never)).rejects.toThrow(
      'KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.',
    )
    expect(await kv.get('v:obj')).toBeNull()
  })

  it('returns null for a missing key, with and without metadata', async () => {
    const kv = getKv()
    expect(await kv.get('missing')).toBeNull()
    expect(await kv.get('missing', 'json')).toBeNull()
    expect(await kv.getWithMetadata('missing')).toEqual({
      value: null,
      metadata: null,
      cacheStatus: null,
    })
  })

  it('keeps metadata and overwrites it', async () => {
    const kv = getKv()
    await kv.put('m:1', 'v', { metadata: { email: 'a@b.c', name: 'Ada', n: 1 } })
    expect(await kv.getWithMetadata('m:1')).toEqual({
      value: 'v',
      metadata: { email: 'a@b.c', name: 'Ada', n: 1 },
      cacheStatus: null,
    })
    expect(await kv.getWithMetadata('m:1', 'json').catch((e: Error) => e.name)).toBe('SyntaxError')
    await kv.put('m:1', 'w')
    expect(await kv.getWithMetadata('m:1')).toEqual({
      value: 'w',
      metadata: null,
      cacheStatus: null,
    })
  })

  it('deletes, and deleting a missing key succeeds', async () => {
    const kv = getKv()
    await kv.put('d:1', 'x')
    await kv.delete('d:1')
    await kv.delete('d:never')
    expect(await kv.get('d:1')).toBeNull()
  })

  it('lists in byte order with prefix, limit, cursor, metadata and expiration', async () => {
    const kv = getKv()
    const expiration = now() + 3600
    for (const key of ['l:b', 'l:a', 'l:é', 'l:Z', 'l:aa', 'm:other']) {
      await kv.put(key, key, { metadata: { k: key } })
    }
    await kv.put('l:exp', 'x', { expiration })
    const all = await kv.list({ prefix: 'l:' })
    expect(all.keys.map((k) => k.name)).toEqual(['l:Z', 'l:a', 'l:aa', 'l:b', 'l:exp', 'l:é'])
    expect(all.list_complete).toBe(true)
    expect(all.keys[0]).toEqual({ name: 'l:Z', metadata: { k: 'l:Z' } })
    expect(all.keys[4]).toEqual({ name: 'l:exp', expiration })
    const first = await kv.list({ prefix: 'l:', limit: 4 })
    expect(first.keys.map((k) => k.name)).toEqual(['l:Z', 'l:a', 'l:aa', 'l:b'])
    expect(first.list_complete).toBe(false)
    const cursor = first.list_complete ? '' : first.cursor
    const second = await kv.list({ prefix: 'l:', limit: 4, cursor })
    expect(second.keys.map((k) => k.name)).toEqual(['l:exp', 'l:é'])
    expect(second.list_complete).toBe(true)
  })

  it('applies expiration and expirationTtl', async () => {
    const kv = getKv()
    await kv.put('t:ttl', 'x', { expirationTtl: 60 })
    const [listed] = (await kv.list({ prefix: 't:ttl' })).keys
    expect(listed!.expiration).toBeGreaterThanOrEqual(now() + 59)
    expect(listed!.expiration).toBeLessThanOrEqual(now() + 61)
  })

  it('reads up to 100 keys at once as text or json', async () => {
    const kv = getKv()
    await kv.put('b:1', '{"n":1}', { metadata: { m: 1 } })
    await kv.put('b:2', '{"n":2}')
    const text = await kv.get(['b:1', 'b:2', 'b:none'])
    expect(text).toEqual(
      new Map([
        ['b:1', '{"n":1}'],
        ['b:2', '{"n":2}'],
        ['b:none', null],
      ]),
    )
    const json = await kv.get(['b:1', 'b:2'], 'json')
    expect(json).toEqual(
      new Map([
        ['b:1', { n: 1 }],
        ['b:2', { n: 2 }],
      ]),
    )
    const withMeta = await kv.getWithMetadata(['b:1', 'b:none'], 'json')
    expect(withMeta.get('b:1')).toEqual({ value: { n: 1 }, metadata: { m: 1 } })
    expect(withMeta.get('b:none')).toBeNull()
  })

  const limits: [string, () => Promise<unknown>, string][] = [
    [
      'a 513-byte key',
      () => getKv().put(`${'😀'.repeat(128)}x`, 'v'),
      'KV PUT failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.',
    ],
    ['an empty key', () => getKv().put('', 'v'), 'Key name cannot be empty.'],
    ['a "." key', () => getKv().put('.', 'v'), '"." is not allowed as a key name.'],
    [
      'a ttl under 60',
      () => getKv().put('k', 'v', { expirationTtl: 30 }),
      'KV PUT failed: 400 Invalid expiration_ttl of 30. Expiration TTL must be at least 60.',
    ],
    [
      'an expiration in the past',
      () => getKv().put('k', 'v', { expiration: 10 }),
      'KV PUT failed: 400 Invalid expiration of 10. Please specify integer greater than the current number of seconds since the UNIX epoch.',
    ],
    [
      '1025 bytes of metadata',
      () => getKv().put('k', 'v', { metadata: 'x'.repeat(1023) }),
      'KV PUT failed: 413 Metadata length of 1025 exceeds limit of 1024.',
    ],
    [
      'a value over 25 MiB',
      () => getKv().put('k', new Uint8Array(25 * 1024 * 1024 + 1)),
      'KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400.',
    ],
    [
      'a list limit over 1000',
      () => getKv().list({ limit: 1001 }),
      'KV GET failed: 400 Invalid key_count_limit of 1001. Please specify an integer less than 1000.',
    ],
    [
      'a cacheTtl under 30',
      () => getKv().get('k', { type: 'text', cacheTtl: 10 }),
      'KV GET failed: 400 Invalid cache_ttl of 10. Cache TTL must be at least 30.',
    ],
    [
      '101 keys in a bulk get',
      () => getKv().get(Array.from({ length: 101 }, (_, i) => `k${i}`)),
      'KV GET_BULK failed: 400 You can request a maximum of 100 keys',
    ],
    [
      'no keys in a bulk get',
      () => getKv().get([]),
      'KV GET_BULK failed: 400 You must request a minimum of 1 key',
    ],
    [
      'a bulk get as arrayBuffer',
      () => getKv().get(['k'], 'arrayBuffer' as never),
      'KV GET_BULK failed: 400 "arrayBuffer" is not a valid type. Use "json" or "text"',
    ],
  ]
  for (const [what, run, message] of limits) {
    it(`refuses ${what} with cloudflare's message`, async () => {
      await expect(run()).rejects.toThrow(message)
    })
  }

  it('accepts the limits themselves: 512-byte keys, 1024 bytes of metadata, ttl 60', async () => {
    const kv = getKv()
    const key = '😀'.repeat(128)
    await kv.put(key, 'v', { metadata: 'x'.repeat(1022), expirationTtl: 60 })
    expect(await kv.getWithMetadata(key)).toEqual({
      value: 'v',
      metadata: 'x'.repeat(1022),
      cacheStatus: null,
    })
  })

  it('treats keys named like object properties as plain keys', async () => {
    const kv = getKv()
    for (const key of ['__proto__', 'constructor', 'toString']) {
      await kv.put(key, `v-${key}`, { metadata: { __proto__: 'p' } as never })
      expect(await kv.get(key)).toBe(`v-${key}`)
    }
    // Bulk get of `__proto__` comes back empty from Miniflare's own KV service
    // (it builds a plain object), so it is left out of the contract.
    const bulk = await kv.get(['constructor', 'toString'])
    expect(bulk.get('toString')).toBe('v-toString')
  })
}
