import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KvChangeEvent } from '../../src'
import { createProject, runKvdev, startTestServer, type TestServer } from './helpers'

interface Listed {
  keys: { name: string; expiration?: number }[]
}

// Issue 22: `kvdev time` and `kvdev snapshot` work the same on the files and through a dev server.
describe.each([
  ['on the files', false],
  ['through a dev server', true],
])('kvdev time and snapshot (%s)', { timeout: 120_000 }, (_, withServer) => {
  const project = createProject()
  const root = project.root
  let server: TestServer | undefined
  const events: KvChangeEvent[] = []
  const kv = (...args: string[]) => runKvdev(root, args)
  const list = async () => JSON.parse((await kv('list', '--json')).out) as Listed

  beforeAll(async () => {
    // Miniflare creates the namespace's files on a first write.
    await kv('set', 'created', '1')
    if (withServer) {
      server = await startTestServer(root)
      server.runtime.onChange((event) => events.push(event))
    }
  })
  afterAll(async () => {
    await server?.close()
    project.cleanup()
  })

  it('previews, then advances the store clock', async () => {
    await kv('set', 'soon', 'a', '--ttl', '600')
    await kv('set', 'later', 'b', '--ttl', '7200')
    // Through a server: read once, so its cache holds the key the jump expires.
    if (server) expect(await server.runtime.env.KV!.get('soon')).toBe('a')
    const before = (await list()).keys.find((k) => k.name === 'later')!.expiration!
    const preview = await kv('time', 'preview', '1h')
    expect(preview.code).toBe(0)
    expect(preview.out).toMatch(/^soon {2}/)
    expect(preview.stderr).toContain('would expire 1 key. Nothing was changed.')
    expect((await list()).keys.map((k) => k.name)).toEqual(['created', 'later', 'soon'])

    const advance = await kv('time', 'advance', '1h')
    expect(advance.code).toBe(0)
    expect(advance.stderr).toContain('by 1 h: 1 key expired, 1 expiration moved. Store clock +1 h.')
    expect((await kv('get', 'soon')).code).toBe(1)
    const after = (await list()).keys
    expect(after.map((k) => k.name)).toEqual(['created', 'later'])
    expect(after.find((k) => k.name === 'later')!.expiration).toBe(before - 3600)
    expect((await kv('time', 'show')).out).toBe('store clock +1 h\n')
    if (server) {
      expect(await server.runtime.env.KV!.get('soon')).toBeNull()
      expect(events.some((e) => e.kind === 'clear')).toBe(true)
    }
  })

  it('refuses a bad duration and changes nothing', async () => {
    const result = await kv('time', 'advance', '5x')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Invalid duration: "5x"')
    expect((await kv('time', 'show')).out).toBe('store clock +1 h\n')
  })

  it('saves, diffs, restores and deletes a snapshot', async () => {
    await kv('set', 'user:1', '{"score":1}', '--metadata', '{"name":"Ada"}')
    expect((await kv('snapshot', 'save', 'before')).code).toBe(0)
    const saved = await kv('dump')
    await kv('set', 'user:1', '{"score":2}', '--metadata', '{"name":"Ada"}')
    await kv('set', 'user:2', 'new')
    await kv('delete', 'created')

    const diff = await kv('snapshot', 'diff', 'before')
    expect(diff.out).toBe('+ user:2\n- created\n~ user:1 (value)\n')

    // Without a terminal, a restore needs --force, and nothing changes before it.
    const refused = await kv('snapshot', 'restore', 'before')
    expect(refused.code).toBe(2)
    expect((await kv('get', 'user:2')).out).toBe('new')
    const restored = await kv('snapshot', 'restore', 'before', '--force')
    expect(restored.code).toBe(0)
    expect((await kv('dump')).out).toBe(saved.out)
    if (server) expect(await server.runtime.env.KV!.get('user:2')).toBeNull()

    expect(JSON.parse((await kv('snapshot', 'list', '--json')).out)).toMatchObject([
      { name: 'before', binding: 'KV', keys: 3 },
    ])
    expect((await kv('snapshot', 'delete', 'before')).code).toBe(0)
    expect((await kv('snapshot', 'restore', 'before', '--force')).code).not.toBe(0)
  })

  it('refuses --remote: Cloudflare has no store clock', async () => {
    const result = await runKvdev(root, ['time', 'show', '--remote'], {
      env: { CLOUDFLARE_API_TOKEN: 't', CLOUDFLARE_ACCOUNT_ID: 'a' },
    })
    expect(result.code).not.toBe(0)
  })
})
