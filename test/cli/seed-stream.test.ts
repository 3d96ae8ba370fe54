import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { createProject, runKvdev } from './helpers'

const NO_WORKERD = { MINIFLARE_WORKERD_PATH: '/bin/false' }

/** Records of about 1 KB: 6,000 of them span several of the reader's 1 MB pieces. */
const records = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => ({
    key: `user:${String(i).padStart(5, '0')}:state`,
    value: JSON.stringify({ tag, i, pad: 'é😀'.repeat(i % 7) + 'x'.repeat(1000) }),
    ...(i % 3 === 0 ? { metadata: { sub: `u${i}`, tag } } : {}),
  }))

describe('kvdev seed read as a stream (issue 21)', { timeout: 120_000 }, () => {
  let project: ReturnType<typeof createProject>
  const kv = (args: string[]) => runKvdev(project.root, args, { env: NO_WORKERD })
  beforeAll(async () => {
    project = createProject()
    // The first write creates the namespace's files: that one needs Miniflare.
    expect((await runKvdev(project.root, ['set', 'other', '1'])).code).toBe(0)
  })
  afterAll(() => project.cleanup())

  it('writes nothing when a record past the first pieces is bad', async () => {
    const bad = [...records(6000, 'bad'), { key: 'user:last', value: 1 }]
    writeFileSync(join(project.root, 'bad.json'), JSON.stringify(bad))
    const result = await kv(['seed', 'bad.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      '[kvdev] bad.json, index 6000, key "user:last": Invalid value: 1. Record values must be strings; write binary data as base64 with "base64": true.\n',
    )
    expect(JSON.parse((await kv(['stats', '--json'])).out)).toMatchObject({ keys: 1 })
  })

  it('writes a multi-piece bulk file whose last duplicate wins, read back equal through miniflare', async () => {
    const written = [...records(6000, 'first'), ...records(10, 'again')]
    writeFileSync(join(project.root, 'seed.json'), JSON.stringify(written, null, 1))
    const result = await kv(['seed', 'seed.json'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe('[kvdev] Seeded 6000 keys from seed.json into binding KV (local).\n')
    const expected = new Map(written.map((r) => [r.key, r]))
    const runtime = await createKvRuntime({ root: project.root })
    try {
      for (const key of [
        'user:00000:state',
        'user:00009:state',
        'user:00010:state',
        'user:05999:state',
      ]) {
        const got = await runtime.env.KV!.getWithMetadata(key)
        expect(got.value).toBe(expected.get(key)!.value)
        expect(got.metadata).toStrictEqual(expected.get(key)!.metadata ?? null)
      }
      expect(await runtime.store('KV').count('user:')).toBe(6000)
    } finally {
      await runtime.dispose()
    }
  })

  it('names a file it cannot read', async () => {
    const result = await kv(['seed', 'missing.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Cannot read file: missing.json (ENOENT). Check the path.')
  })
})
