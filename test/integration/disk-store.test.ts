import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { type DiskStore, openDiskStore } from '../../src/runtime/disk/disk-store'
import { getNamespaceFiles } from '../../src/runtime/disk/miniflare-format'
import { startReferenceKv } from '../helpers/reference-kv'
import { runWrangler } from '../helpers/wrangler'

const encode = (text: string) => new TextEncoder().encode(text)
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const KEYS = ['a', 'a/b', 'a\u0000b', 'a\u0000', 'b:é', 'b:😀', 'b:\uffff', 'user:1:state', 'z']

describe('disk store', () => {
  let root: string
  let kv: KvRuntime
  let disk: DiskStore
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-disk-'))
    kv = await createKvRuntime({ root, bindings: ['KV', { binding: 'ODD', id: 'ns:..odd' }] })
    // Miniflare creates a namespace's files on its first write.
    await kv.env.KV!.put('seed', 'x')
    await kv.env.ODD!.put('seed', 'x')
    disk = openDiskStore(join(root, '.wrangler/state'), 'KV')!
  })
  afterAll(async () => {
    disk?.close()
    await kv.dispose()
    rmSync(root, { recursive: true, force: true })
  })
  afterEach(async () => {
    await kv.store('KV').clear()
  })

  it('finds the files miniflare keeps each namespace in', () => {
    for (const id of ['KV', 'ns:..odd']) {
      const files = getNamespaceFiles(join(root, '.wrangler/state'), id)
      expect(existsSync(files.database), files.database).toBe(true)
      expect(readdirSync(files.blobs).length).toBeGreaterThan(0)
    }
    expect(disk).toBeDefined()
  })

  it('opens nothing for a namespace miniflare has not created', () => {
    expect(openDiskStore(join(root, '.wrangler/state'), 'never-written')).toBeUndefined()
  })

  it('reads what the binding wrote, byte for byte, with metadata and expiration', async () => {
    const expiration = Math.floor(Date.now() / 1000) + 3600
    await kv.env.KV!.put('text', 'hello', { metadata: { name: 'Ada' }, expiration })
    await kv.env.KV!.put('bin', new Uint8Array([0xef, 0xbb, 0xbf, 0, 255]))
    const text = disk.get('text')!
    expect(decode(text.value)).toBe('hello')
    expect(text.entry).toEqual({ name: 'text', metadata: { name: 'Ada' }, expiration })
    expect([...disk.get('bin')!.value]).toEqual([0xef, 0xbb, 0xbf, 0, 255])
    expect(disk.head('bin')).toEqual({ entry: { name: 'bin' }, size: 5 })
    expect(disk.get('missing')).toBeNull()
  })

  it('lists like the binding: byte order, prefixes with nul, cursors', async () => {
    for (const key of KEYS) await kv.env.KV!.put(key, key)
    const binding = await kv.env.KV!.list()
    expect(disk.list({}).keys.map((k) => k.name)).toEqual(binding.keys.map((k) => k.name))
    expect(disk.list({ prefix: 'a\u0000' }).keys.map((k) => k.name)).toEqual([
      'a\u0000',
      'a\u0000b',
    ])
    expect(disk.list({ prefix: 'b:' }).keys.map((k) => k.name)).toEqual(['b:é', 'b:\uffff', 'b:😀'])
    const first = disk.list({ limit: 4 })
    const viaBinding = await kv.env.KV!.list({ limit: 4 })
    expect(first.cursor).toBe(viaBinding.list_complete ? undefined : viaBinding.cursor)
    const rest = disk.list({ cursor: first.cursor })
    expect([...first.keys, ...rest.keys].map((k) => k.name)).toEqual(
      binding.keys.map((k) => k.name),
    )
    expect(rest.list_complete).toBe(true)
    expect(disk.count()).toBe(KEYS.length)
    expect(disk.count('a')).toBe(4)
    expect(disk.count('b:')).toBe(3)
  })

  it('writes what the binding and wrangler read, replacing old blobs', async () => {
    const blobs = getNamespaceFiles(join(root, '.wrangler/state'), 'KV').blobs
    const before = readdirSync(blobs).length
    const expiration = Math.floor(Date.now() / 1000) + 3600
    disk.write([
      { key: 'user:1:state', value: encode('{"score":1}'), metadata: '{"name":"Ada"}' },
      { key: 'temp', value: encode('t'), expiration },
      { key: 'nul\u0000key', value: new Uint8Array([1, 2]) },
    ])
    disk.write([{ key: 'user:1:state', value: encode('{"score":2}') }])
    expect(readdirSync(blobs).length).toBe(before + 3)
    expect(await kv.env.KV!.getWithMetadata('user:1:state', 'json')).toMatchObject({
      value: { score: 2 },
      metadata: null,
    })
    expect(await kv.env.KV!.get('nul\u0000key', 'arrayBuffer')).toEqual(
      new Uint8Array([1, 2]).buffer,
    )
    const listed = await kv.env.KV!.list()
    expect(listed.keys).toContainEqual({ name: 'temp', expiration })
    expect(disk.delete(['temp', 'absent'])).toBe(1)
    expect(await kv.env.KV!.get('temp')).toBeNull()
  })

  it('keeps size and type by blob, so a new value of a key is described anew', async () => {
    await kv.env.KV!.put('typed', '{"a":1}')
    expect(disk.valueInfo('typed')).toEqual({ size: 7, type: 'json' })
    expect(disk.valueInfo('typed')).toEqual({ size: 7, type: 'json' })
    await kv.env.KV!.put('typed', new Uint8Array([0xff, 0xfe, 0xfd]))
    expect(disk.valueInfo('typed')).toEqual({ size: 3, type: 'binary' })
    await kv.env.KV!.delete('typed')
    expect(disk.valueInfo('typed')).toBeNull()
  })

  it('treats expired rows as miniflare does', async () => {
    await kv.env.KV!.put('soon', 'gone', { expirationTtl: 60 })
    disk.write([{ key: 'soon', value: encode('gone'), expiration: 1 }])
    expect(disk.get('soon')).toBeNull()
    expect(disk.list({}).keys).toEqual([])
    expect(disk.count()).toBe(0)
    expect(await kv.env.KV!.get('soon')).toBeNull()
  })
})

describe('disk store and wrangler', () => {
  it('writes what wrangler kv reads', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-disk-wrangler-'))
    try {
      const kv = await createKvRuntime({ root, bindings: ['KV'] })
      await kv.env.KV!.put('first', '1')
      await kv.dispose()
      const disk = openDiskStore(join(root, '.wrangler/state'), 'KV')!
      disk.write([{ key: 'user:7:state', value: encode('{"level":7}') }])
      disk.close()
      const got = await runWrangler(root, [
        'kv',
        'key',
        'get',
        'user:7:state',
        '--local',
        '--namespace-id',
        'KV',
      ])
      expect(got.code, got.stderr).toBe(0)
      expect(got.stdout.trim()).toBe('{"level":7}')
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('disk store overwrites (issue 21)', () => {
  it('changes a row in place to what miniflare reads: value, metadata and expiration', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-disk-overwrite-'))
    const state = join(root, '.wrangler/state')
    try {
      const kv = await createKvRuntime({ root, bindings: ['KV'] })
      await kv.env.KV!.put('first', '1')
      await kv.dispose()
      const disk = openDiskStore(state, 'KV')!
      const soon = Math.floor(Date.now() / 1000) + 3600
      const later = soon + 3600
      // Same expiration, new metadata; then a new expiration; then none; then one again.
      const steps = [
        { key: 'same', value: encode('1'), expiration: soon, metadata: '{"v":1}' },
        { key: 'same', value: encode('2'), expiration: soon, metadata: '{"v":2}' },
        { key: 'moved', value: encode('1'), expiration: soon },
        { key: 'moved', value: encode('2'), expiration: later, metadata: '{"v":2}' },
        { key: 'cleared', value: encode('1'), expiration: soon, metadata: '{"v":1}' },
        { key: 'cleared', value: encode('2') },
        { key: 'set', value: encode('1') },
        { key: 'set', value: encode('2'), expiration: later },
      ]
      for (const step of steps) disk.write([step])
      disk.write([
        { key: 'twice', value: encode('1') },
        { key: 'twice', value: encode('2'), metadata: '{"v":2}' },
      ])
      disk.close()
      const blobs = getNamespaceFiles(state, 'KV').blobs
      expect(readdirSync(blobs)).toHaveLength(6)
      const reference = await startReferenceKv(join(state, 'v3', 'kv'))
      try {
        const binding = reference.kv
        for (const key of ['same', 'moved', 'cleared', 'set', 'twice'])
          expect((await binding.getWithMetadata(key)).value, key).toBe('2')
        expect((await binding.list()).keys).toEqual([
          { name: 'cleared' },
          { name: 'first' },
          { name: 'moved', expiration: later, metadata: { v: 2 } },
          { name: 'same', expiration: soon, metadata: { v: 2 } },
          { name: 'set', expiration: later },
          { name: 'twice', metadata: { v: 2 } },
        ])
      } finally {
        await reference.dispose()
      }
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('disk writes beside workerd', () => {
  // Without the gate a binding write meeting the seed's transaction fails with `KV PUT failed: 500`.
  it('lets binding writes made during a seed wait for it, so none fails', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-disk-gate-'))
    const kv = await createKvRuntime({ root, bindings: ['KV'] })
    try {
      await kv.env.KV!.put('created', '1')
      const records = Array.from({ length: 20_000 }, (_, i) => ({
        key: `seed:${i}`,
        value: `${i}`,
      }))
      const seeding = kv.store().seed(records)
      const puts = Array.from({ length: 50 }, (_, i) => kv.env.KV!.put(`route:${i}`, `${i}`))
      const results = await Promise.allSettled([seeding, ...puts])
      expect(results.filter((r) => r.status === 'rejected')).toEqual([])
      expect(await kv.store().count('seed:')).toBe(20_000)
      expect(await kv.store().count('route:')).toBe(50)
      expect(await kv.env.KV!.get('seed:19999')).toBe('19999')
    } finally {
      await kv.dispose()
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('the first calls on a fresh persisted store', () => {
  // The first write goes through workerd and creates the files; calls made meanwhile switch to
  // the files as soon as they exist, and a write on them waits for workerd's calls in flight.
  it('all succeed when they run at once, while the namespace is being created', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-disk-first-'))
    const kv = await createKvRuntime({ root, bindings: ['KV'] })
    try {
      const KV = kv.env.KV!
      const calls = Array.from({ length: 30 }, (_, i) => {
        const key = `k:${i % 5}`
        if (i % 3 === 0) return KV.put(key, `${i}`)
        if (i % 3 === 1) return KV.get(key)
        return i % 2 ? KV.delete(key) : KV.list({ prefix: 'k:' })
      })
      const results = await Promise.allSettled(calls)
      expect(results.filter((r) => r.status === 'rejected')).toEqual([])
      await KV.put('last', 'x')
      expect(await KV.get('last')).toBe('x')
    } finally {
      await kv.dispose()
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('seeding a namespace miniflare has not created', () => {
  it('writes the first record through workerd, which creates the files, and the rest on them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-disk-seed-'))
    const kv = await createKvRuntime({ root, bindings: ['KV'] })
    const counts: (number | undefined)[] = []
    kv.onChange((event) => counts.push(event.count))
    try {
      const records = Array.from({ length: 300 }, (_, i) => ({ key: `s:${i}`, value: `${i}` }))
      expect(await kv.store().seed(records, 'replace')).toEqual({ written: 300, deleted: 0 })
      expect(counts).toEqual([1, 299])
      expect(existsSync(getNamespaceFiles(join(root, '.wrangler/state'), 'KV').database)).toBe(true)
      expect(await kv.store().count('s:')).toBe(300)
      expect(await kv.env.KV!.get('s:299')).toBe('299')
      expect(await kv.store().write([{ key: 'w', value: '1' }])).toBe(1)
    } finally {
      await kv.dispose()
      rmSync(root, { recursive: true, force: true })
    }
  })
})
