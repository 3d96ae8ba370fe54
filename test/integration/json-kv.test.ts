import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { createKV } from '../../src/server-entry'

let kv: KvRuntime
beforeAll(async () => {
  kv = await createKvRuntime({ persist: false })
})
afterAll(async () => {
  await kv?.dispose()
})

describe('createKV', () => {
  it('stores json text that the raw binding reads, and parses it back', async () => {
    const store = createKV(kv.env.KV!)
    await store.set('app-config', { theme: 'dark', language: 'en' })
    expect(await kv.env.KV!.get('app-config')).toBe('{"theme":"dark","language":"en"}')
    expect(await store.get<{ theme: string }>('app-config')).toEqual({
      theme: 'dark',
      language: 'en',
    })
    await store.remove('app-config')
    expect(await store.get('app-config')).toBeNull()
  })

  it("sets a ttl given as a number (the sdk's code) or as { ttl } (tma's docs), with metadata", async () => {
    const store = createKV(kv.env.KV!)
    const before = Math.floor(Date.now() / 1000)
    await store.set('cache:feed', [1, 2], 3600)
    await store.set('cache:meta', 'm', { ttl: 7200, metadata: { v: 1 } })
    await store.set('cache:other', 'x', 0) // a falsy ttl is none, as in the sdk's code
    const { keys } = await kv.env.KV!.list({ prefix: 'cache:' })
    expect(keys[0]!.expiration).toBeGreaterThanOrEqual(before + 3600)
    expect(keys[1]!.expiration).toBeGreaterThanOrEqual(before + 7200)
    expect(keys[1]!.metadata).toEqual({ v: 1 })
    expect(keys[2]).toEqual({ name: 'cache:other' })
  })

  it('lists names as the sdk does, and deletes with delete or remove', async () => {
    const store = createKV(kv.env.KV!)
    for (const n of [1, 2, 3]) await store.set(`page:${n}`, n)
    expect(await store.list('page:')).toEqual(['page:1', 'page:2', 'page:3'])
    await store.delete('page:1')
    await store.remove('page:2')
    expect(await store.list('page:')).toEqual(['page:3'])
  })

  it('refuses a ttl below 60 seconds, a value that is not json and too much metadata', async () => {
    const store = createKV(kv.env.KV!)
    await expect(store.set('k', 1, { ttl: 30 })).rejects.toThrow(
      '[kvdev] Invalid expiration_ttl: 30. Expiration TTL must be an integer of at least 60 seconds.',
    )
    await expect(store.set('k', undefined)).rejects.toThrow(/^\[kvdev\] Missing `value`/)
    await expect(store.set('k', () => 1)).rejects.toThrow(
      /^\[kvdev\] Value is not JSON: a function/,
    )
    await expect(store.set('k', 1, { metadata: 'm'.repeat(1100) })).rejects.toThrow(
      /KV metadata must be at most 1024 bytes/,
    )
    expect(await kv.env.KV!.get('k')).toBeNull()
  })
})
