import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createProject, runKvdev, startTestServer } from './helpers'

describe('kvdev cli dump, clear, seed round trip', { timeout: 180_000 }, () => {
  const project = createProject()
  const root = project.root
  afterAll(() => project.cleanup())

  it('restores every byte, metadata and expiration', async () => {
    const expiration = Math.floor(Date.now() / 1000) + 7200
    const server = await startTestServer(root)
    try {
      const KV = server.runtime.env.KV!
      await KV.put('bin', new Uint8Array([0, 0xff, 0xfe, 0x80, 10, 13]), {
        metadata: { kind: 'blob' },
      })
      await KV.put('user:ada:state', '{"score":100}', {
        metadata: { name: 'Ada', email: 'ada@school.edu' },
      })
      await KV.put('session:1', 'ünïcödé ✓ \u0000 nul', { expiration })
      await KV.put('__proto__', 'plain data')
    } finally {
      await server.close()
    }
    const kv = (...args: string[]) => runKvdev(root, args)
    const first = await kv('dump', '--out', 'dump.json')
    expect(first.code).toBe(0)
    const before = readFileSync(join(root, 'dump.json'))
    const records = JSON.parse(before.toString('utf8'))
    expect(records).toContainEqual({
      key: 'bin',
      value: Buffer.from([0, 0xff, 0xfe, 0x80, 10, 13]).toString('base64'),
      base64: true,
      metadata: { kind: 'blob' },
    })
    expect(records).toContainEqual({ key: 'session:1', value: 'ünïcödé ✓ \u0000 nul', expiration })
    expect((await kv('clear', '--force')).code).toBe(0)
    expect((await kv('list')).out).toBe('')
    expect((await kv('seed', 'dump.json')).code).toBe(0)
    const raw = await kv('get', 'bin', '--raw')
    expect([...raw.stdout]).toEqual([0, 0xff, 0xfe, 0x80, 10, 13])
    expect((await kv('dump', '--out', 'again.json')).code).toBe(0)
    expect(Buffer.compare(readFileSync(join(root, 'again.json')), before)).toBe(0)
    // NDJSON goes round the same way, via stdout.
    const ndjson = await kv('dump', '--format', 'ndjson')
    writeFileSync(join(root, 'dump.ndjson'), ndjson.stdout)
    expect((await kv('seed', 'dump.ndjson', '--replace', '--force')).code).toBe(0)
    expect(Buffer.compare((await kv('dump')).stdout, before)).toBe(0)
  })
})
