import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKv, type KvRuntime } from '../../src'
import { createKV } from '../../src/server-entry'

let kv: KvRuntime
beforeAll(async () => {
  kv = await createKv({ persist: false })
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

  it('sets ttl and metadata and lists them by prefix', async () => {
    const store = createKV(kv.env.KV!)
    const before = Math.floor(Date.now() / 1000)
    await store.set('cache:feed', [1, 2], { ttl: 3600, metadata: { v: 1 } })
    await store.set('cache:other', 'x')
    const page = await store.list('cache:')
    expect(page.list_complete).toBe(true)
    expect(page.cursor).toBeUndefined()
    expect(page.keys.map((k) => k.name)).toEqual(['cache:feed', 'cache:other'])
    expect(page.keys[0]!.metadata).toEqual({ v: 1 })
    expect(page.keys[0]!.expiration).toBeGreaterThanOrEqual(before + 3600)
    expect(page.keys[1]).toEqual({ name: 'cache:other' })
  })

  it('pages with limit and cursor', async () => {
    const store = createKV(kv.env.KV!)
    for (const n of [1, 2, 3]) await store.set(`page:${n}`, n)
    const first = await store.list('page:', { limit: 2 })
    expect(first).toMatchObject({
      list_complete: false,
      keys: [{ name: 'page:1' }, { name: 'page:2' }],
    })
    const second = await store.list('page:', { limit: 2, cursor: first.cursor })
    expect(second).toEqual({ keys: [{ name: 'page:3' }], list_complete: true })
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
