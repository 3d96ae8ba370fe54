import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KvChangeEvent } from '../../src'
import { createProject, runKvdev, startTestServer, type TestServer } from './helpers'

describe('kvdev cli through a running dev server', { timeout: 120_000 }, () => {
  const project = createProject()
  const root = project.root
  let server: TestServer
  const events: KvChangeEvent[] = []
  const kv = (...args: string[]) => runKvdev(root, args)

  beforeAll(async () => {
    server = await startTestServer(root)
    server.runtime.onChange((event) => events.push(event))
  })
  afterAll(async () => {
    await server?.close()
    project.cleanup()
  })

  it('writes through the server, which owns the store', async () => {
    const metadata = JSON.stringify({ name: 'Ada', email: 'ada@school.edu' })
    const result = await kv(
      'set',
      'user:ada:state',
      '{"score":1}',
      '--metadata',
      metadata,
      '--ttl',
      '600',
    )
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(
      `[kvdev] Set "user:ada:state" (11 B) in binding KV (dev server ${server.url}).\n`,
    )
    expect(await server.runtime.env.KV!.get('user:ada:state')).toBe('{"score":1}')
    const { metadata: stored } = await server.runtime.env.KV!.getWithMetadata('user:ada:state')
    expect(stored).toEqual({ name: 'Ada', email: 'ada@school.edu' })
    expect(events.some((e) => e.key === 'user:ada:state')).toBe(true)
  })

  it('reads values, envelopes and listings the same way as direct', async () => {
    await server.runtime.env.KV!.put('bin', new Uint8Array([0, 1, 255]))
    expect((await kv('get', 'user:ada:state')).out).toBe('{"score":1}')
    expect([...(await kv('get', 'bin', '--raw')).stdout]).toEqual([0, 1, 255])
    const envelope = JSON.parse((await kv('get', 'user:ada:state', '--json')).out)
    expect(envelope).toMatchObject({
      key: 'user:ada:state',
      metadata: { name: 'Ada', email: 'ada@school.edu' },
    })
    expect(envelope.expiration).toBeGreaterThan(Date.now() / 1000)
    expect((await kv('list')).out).toBe('bin\nuser:ada:state\n')
    const listed = JSON.parse((await kv('list', '--limit', '1', '--json')).out)
    expect(listed).toMatchObject({ keys: [{ name: 'bin' }], list_complete: false })
    const missing = await kv('get', 'nope')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe('[kvdev] Key not found: "nope" in binding KV.\n')
  })

  it('gets a value with its metadata and expiration in one request (issue 19)', async () => {
    await server.runtime.env.KV!.put('one:trip', 'ü value', {
      metadata: { name: 'Zoë', n: 1 },
      expirationTtl: 600,
    })
    server.requests.length = 0
    const envelope = JSON.parse((await kv('get', 'one:trip', '--json')).out)
    expect(envelope).toMatchObject({
      key: 'one:trip',
      value: 'ü value',
      metadata: { name: 'Zoë', n: 1 },
    })
    expect(envelope.expiration).toBeGreaterThan(Date.now() / 1000)
    expect(server.requests).toEqual([
      'GET /__kv/api/client/v4/accounts/local/storage/kv/namespaces/KV/values/one%3Atrip',
    ])
    await server.runtime.env.KV!.put('one:plain', 'v')
    server.requests.length = 0
    const plain = JSON.parse((await kv('get', 'one:plain', '--json')).out)
    expect(plain).toMatchObject({ value: 'v', metadata: null, expiration: null })
    expect(server.requests).toHaveLength(1)
    for (const key of ['one:trip', 'one:plain']) await server.runtime.env.KV!.delete(key)
  })

  it('inspects and counts through the kvdev endpoints', async () => {
    const info = JSON.parse((await kv('inspect', 'bin', '--json')).out)
    expect(info).toMatchObject({
      name: 'bin',
      size: 3,
      type: 'binary',
      preview: 'AAH/',
      previewEncoding: 'base64',
    })
    const stats = JSON.parse((await kv('stats', '--json')).out)
    expect(stats).toMatchObject({ keys: 2, bytes: 14 })
    expect((await kv('clear', '--dry-run')).out).toBe('2\n')
  })

  it('seeds, dumps, deletes and clears through the server', async () => {
    writeFileSync(
      join(root, 'seed.ndjson'),
      '{"key":"s:1","value":"a"}\n{"key":"s:2","value":"b","metadata":{"v":1}}\n',
    )
    expect((await kv('seed', 'seed.ndjson')).stderr).toContain(
      'Seeded 2 keys from seed.ndjson into binding KV (dev server',
    )
    expect(await server.runtime.store('KV').count('s:')).toBe(2)
    const dump = JSON.parse((await kv('dump', '--prefix', 's:')).out)
    expect(dump).toEqual([
      { key: 's:1', value: 'a' },
      { key: 's:2', value: 'b', metadata: { v: 1 } },
    ])
    expect((await kv('delete', 's:1')).code).toBe(0)
    expect((await kv('delete', '--prefix', 's:')).code).toBe(2)
    expect(await server.runtime.store('KV').count('s:')).toBe(1)
    expect((await kv('delete', '--prefix', 's:', '--force')).code).toBe(0)
    expect((await kv('clear', '--force')).stderr).toContain(
      'Deleted 2 keys from binding KV (dev server',
    )
    expect(await server.runtime.store('KV').count()).toBe(0)
  })

  it('writes while the server itself writes, with no error', async () => {
    const records = Array.from({ length: 300 }, (_, i) => ({ key: `cli:${i}`, value: String(i) }))
    writeFileSync(join(root, 'many.json'), JSON.stringify(records))
    const app = (async () => {
      for (let i = 0; i < 100; i++) await server.runtime.env.KV!.put(`app:${i}`, String(i))
    })()
    const [cli] = await Promise.all([kv('seed', 'many.json'), app])
    expect(cli.code).toBe(0)
    expect(cli.stderr).not.toContain('SQLITE')
    expect(await server.runtime.store('KV').count('cli:')).toBe(300)
    expect(await server.runtime.store('KV').count('app:')).toBe(100)
  })
})
