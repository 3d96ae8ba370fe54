import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, runKvdev } from './helpers'

// With no workerd to start, only commands that run on the store's files can succeed.
const NO_WORKERD = { MINIFLARE_WORKERD_PATH: '/bin/false' }

describe('cli on the store files (issue 14)', () => {
  let project: ReturnType<typeof createProject>
  const kv = (args: string[], input?: string) =>
    runKvdev(project.root, args, { env: NO_WORKERD, input })
  beforeAll(async () => {
    project = createProject()
    // The first write creates the namespace's files: that one needs Miniflare.
    const first = await runKvdev(project.root, ['set', 'user:1:state', '{"score":1}'])
    expect(first.code, first.stderr).toBe(0)
  })
  afterAll(() => project.cleanup())

  it('starts miniflare for a namespace it has not created yet', async () => {
    const result = await kv(['set', 'x', '1', '--binding', 'CACHE'])
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('Could not start the KV runtime')
  })

  it('gets, sets, lists, inspects and deletes without workerd', async () => {
    expect(await kv(['get', 'user:1:state'])).toMatchObject({ code: 0, out: '{"score":1}' })
    const set = await kv([
      'set',
      'session:a',
      'tok',
      '--ttl',
      '3600',
      '--metadata',
      '{"name":"Ada"}',
    ])
    expect(set).toMatchObject({
      code: 0,
      stderr: '[kvdev] Set "session:a" (3 B) in binding KV (local).\n',
    })
    const got = JSON.parse((await kv(['get', 'session:a', '--json'])).out)
    expect(got).toMatchObject({ key: 'session:a', value: 'tok', metadata: { name: 'Ada' } })
    expect(got.expiration).toBeGreaterThan(Date.now() / 1000 + 3500)
    expect((await kv(['list'])).out).toBe('session:a\nuser:1:state\n')
    expect((await kv(['inspect', 'user:1:state'])).out).toMatch(/Type\s+json/)
    expect(await kv(['delete', 'session:a'])).toMatchObject({ code: 0 })
    expect(await kv(['get', 'session:a'])).toMatchObject({ code: 1 })
  })

  it('refuses bad input with cloudflare limits and writes nothing', async () => {
    const big = await kv(['set', 'big', '-'], 'x'.repeat(26_214_401))
    expect(big.code).toBe(2)
    expect(big.stderr).toContain('Value length of 26214401 exceeds limit of 26214400.')
    expect(await kv(['get', 'big'])).toMatchObject({ code: 1 })
  })

  it('seeds, counts, dumps and clears without workerd', async () => {
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ key: `k:${i}`, value: `v${i}` }),
    )
    const seeded = await runKvdev(project.root, ['seed', '-'], {
      env: NO_WORKERD,
      input: lines.join('\n'),
    })
    expect(seeded.code, seeded.stderr).toBe(0)
    const stats = JSON.parse((await kv(['stats', '--json'])).out)
    expect(stats).toMatchObject({ keys: 51 })
    const dump = (await kv(['dump', '--format', 'ndjson', '--prefix', 'k:'])).out.trim().split('\n')
    expect(dump).toHaveLength(50)
    expect((await kv(['clear', '--prefix', 'k:', '--force'])).code).toBe(0)
    expect((await kv(['list'])).out).toBe('user:1:state\n')
  })
})
