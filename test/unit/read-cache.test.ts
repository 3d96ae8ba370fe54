import { afterEach, describe, expect, it, vi } from 'vitest'
import { createReadCache } from '../../src/runtime/read-cache'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('read cache', () => {
  afterEach(() => vi.useRealTimers())

  it('answers a filled read until a write to the key', () => {
    const cache = createReadCache()
    cache.fill('KV', 'k', { bytes: bytes('v'), metadata: null }, cache.version('KV', 'k'))
    expect(cache.get('KV', 'k')?.bytes).toEqual(bytes('v'))
    cache.beginWrite('KV', 'k')
    expect(cache.get('KV', 'k')).toBeUndefined()
    cache.endWrite('KV', 'k', { bytes: bytes('w'), metadata: { m: 1 } })
    expect(cache.get('KV', 'k')).toEqual({ bytes: bytes('w'), metadata: { m: 1 } })
    expect(cache.get('OTHER', 'k')).toBeUndefined()
  })

  it('drops a read that raced a write', () => {
    const cache = createReadCache()
    const version = cache.version('KV', 'k')
    cache.beginWrite('KV', 'k')
    cache.fill('KV', 'k', { bytes: bytes('old'), metadata: null }, version)
    expect(cache.get('KV', 'k')).toBeUndefined()
  })

  it('drops a read that raced a clear', () => {
    const cache = createReadCache()
    const version = cache.version('KV', 'k')
    cache.clear()
    cache.fill('KV', 'k', { bytes: bytes('old'), metadata: null }, version)
    expect(cache.get('KV', 'k')).toBeUndefined()
  })

  it('remembers a bounded number of written keys, and a read that raced a write still fills nothing (issue 21)', () => {
    const cache = createReadCache()
    const version = cache.version('KV', 'k')
    cache.beginWrite('KV', 'k')
    cache.endWrite('KV', 'k', undefined)
    for (let i = 0; i < 50_000; i++) {
      cache.beginWrite('KV', `key:${i}`)
      cache.endWrite('KV', `key:${i}`, undefined)
    }
    expect(cache.tracked).toBeLessThanOrEqual(10_000)
    cache.fill('KV', 'k', { bytes: bytes('old'), metadata: null }, version)
    expect(cache.get('KV', 'k')).toBeUndefined()
    const fresh = cache.version('KV', 'k')
    cache.fill('KV', 'k', { bytes: bytes('new'), metadata: null }, fresh)
    expect(cache.get('KV', 'k')?.bytes).toEqual(bytes('new'))
  })

  it('reports an expired entry as absent', () => {
    vi.useFakeTimers()
    vi.setSystemTime(1_000_000_000_000)
    const cache = createReadCache()
    const expiration = 1_000_000_000 + 60
    cache.fill(
      'KV',
      'k',
      { bytes: bytes('v'), metadata: null, expiration },
      cache.version('KV', 'k'),
    )
    vi.setSystemTime((expiration - 1) * 1000)
    expect(cache.get('KV', 'k')?.bytes).toEqual(bytes('v'))
    vi.setSystemTime(expiration * 1000)
    expect(cache.get('KV', 'k')).toEqual({ bytes: null, metadata: null })
  })

  it('evicts the least recently used entries beyond its size', () => {
    const cache = createReadCache(8 * 1000)
    for (let i = 0; i < 20; i++) {
      cache.fill(
        'KV',
        `k${i}`,
        { bytes: new Uint8Array(900), metadata: null },
        cache.version('KV', `k${i}`),
      )
      cache.get('KV', 'k0')
    }
    expect(cache.bytes).toBeLessThanOrEqual(8 * 1000)
    expect(cache.get('KV', 'k0')).toBeDefined()
    expect(cache.get('KV', 'k1')).toBeUndefined()
    expect(cache.get('KV', 'k19')).toBeDefined()
  })

  describe('proven against data_version (issue 19)', () => {
    const versions = new Map<string, number | undefined>([
      ['KV', 1],
      ['OTHER', 1],
    ])
    const proven = () => createReadCache(undefined, { dataVersion: (b) => versions.get(b) })
    const fill = (cache: ReturnType<typeof proven>, binding: string, key: string, text: string) => {
      cache.get(binding, key)
      cache.fill(binding, key, { bytes: bytes(text), metadata: null }, cache.version(binding, key))
    }

    it('answers while no other connection committed, and drops the binding when one did', () => {
      versions.set('KV', 1).set('OTHER', 1)
      const cache = proven()
      fill(cache, 'KV', 'k', 'v')
      fill(cache, 'OTHER', 'k', 'o')
      expect(cache.get('KV', 'k')?.bytes).toEqual(bytes('v'))
      versions.set('KV', 2)
      expect(cache.get('KV', 'k')).toBeUndefined()
      expect(cache.get('OTHER', 'k')?.bytes).toEqual(bytes('o'))
      fill(cache, 'KV', 'k', 'new')
      expect(cache.get('KV', 'k')?.bytes).toEqual(bytes('new'))
    })

    it('keeps what kvdev wrote on its own connection', () => {
      versions.set('KV', 1)
      const cache = proven()
      cache.get('KV', 'k')
      cache.beginWrite('KV', 'k')
      cache.endWrite('KV', 'k', { bytes: bytes('mine'), metadata: null })
      expect(cache.get('KV', 'k')?.bytes).toEqual(bytes('mine'))
    })

    it('neither answers nor keeps anything while the version cannot be read', () => {
      versions.set('KV', undefined)
      const cache = proven()
      fill(cache, 'KV', 'k', 'v')
      cache.endWrite('KV', 'w', { bytes: bytes('w'), metadata: null })
      expect(cache.size).toBe(0)
      versions.set('KV', 1)
      expect(cache.get('KV', 'k')).toBeUndefined()
    })

    it('drops a read that raced a commit seen meanwhile', () => {
      versions.set('KV', 1)
      const cache = proven()
      cache.get('KV', 'k')
      const version = cache.version('KV', 'k')
      versions.set('KV', 2)
      cache.get('KV', 'other')
      cache.fill('KV', 'k', { bytes: bytes('old'), metadata: null }, version)
      expect(cache.get('KV', 'k')).toBeUndefined()
    })
  })
})
