import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KvRecord } from '../../src'
import {
  createProject,
  HAS_SCRIPT,
  runInTerminal,
  runKvdev,
  startTestServer,
  type TestServer,
} from './helpers'

// Issue 22: pull and push against Cloudflare's REST API, as a kvdev dev server serves it.
describe('kvdev pull and push', { timeout: 180_000 }, () => {
  const remoteProject = createProject()
  const localProject = createProject()
  let server: TestServer
  let env: Record<string, string>
  const local = (...args: string[]) => runKvdev(localProject.root, args, { env })
  const remoteDump = async (binding = 'KV') => {
    const out: KvRecord[] = []
    for await (const page of server.runtime.store(binding).dump()) out.push(...page)
    return out
  }
  const localDump = async () => JSON.parse((await local('dump')).out) as KvRecord[]

  beforeAll(async () => {
    server = await startTestServer(remoteProject.root)
    env = {
      CLOUDFLARE_API_BASE_URL: `${server.url}/__kv/api/client/v4`,
      CLOUDFLARE_API_TOKEN: server.token,
      CLOUDFLARE_ACCOUNT_ID: 'acct-1',
    }
    const KV = server.runtime.env.KV!
    await KV.put('user:1', '{"score":1}', { metadata: { name: 'Ada' }, expirationTtl: 3600 })
    await KV.put('user:2', 'two')
    await KV.put('bin', new Uint8Array([0xff, 0, 1]))
    await server.runtime.env.CACHE!.put('cached', 'from cache-id')
  })
  afterAll(async () => {
    await server?.close()
    remoteProject.cleanup()
    localProject.cleanup()
  })

  it('needs --remote', async () => {
    const result = await local('pull')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('`kvdev pull` needs --remote')
  })

  it('dry-runs a pull without changing the local store', async () => {
    const result = await local('pull', '--remote', '--dry-run')
    expect(result.code).toBe(0)
    expect(result.out).toBe('bin\nuser:1\nuser:2\n')
    expect(result.stderr).toContain('Dry run: would copy 3 keys')
    expect(await localDump()).toEqual([])
  })

  it('pulls a prefix, then everything, with values, metadata and expirations', async () => {
    const some = await local('pull', '--remote', '--prefix', 'user:')
    expect(some.code).toBe(0)
    expect((await localDump()).map((r) => r.key)).toEqual(['user:1', 'user:2'])
    const all = await local('pull', '--remote')
    expect(all.code).toBe(0)
    expect(all.stderr).toContain('[kvdev] Pulled 3 keys')
    expect(await localDump()).toEqual(await remoteDump())
  })

  it('pulls the namespace an id names, as wrangler kv namespace list prints it', async () => {
    const result = await local(
      'pull',
      '--remote',
      '--namespace-id',
      'cache-id',
      '--binding',
      'CACHE',
    )
    expect(result.code).toBe(0)
    expect(JSON.parse((await local('dump', '--binding', 'CACHE')).out)).toEqual(
      await remoteDump('CACHE'),
    )
  })

  it('pushes only after a diff, refused in scripts without --force', async () => {
    await local('set', 'user:2', 'changed')
    await local('set', 'user:3', 'new', '--metadata', '{"name":"Lin"}')
    const refused = await local('push', '--remote')
    expect(refused.code).toBe(2)
    expect(refused.out).toBe('+ user:3\n~ user:2\n')
    expect(refused.stderr).toContain('stdin is not a terminal. Nothing was changed.')
    expect(await server.runtime.env.KV!.get('user:3')).toBeNull()

    const pushed = await local('push', '--remote', '--force')
    expect(pushed.code).toBe(0)
    expect(pushed.stderr).toContain('Pushed 2 keys')
    expect(await localDump()).toEqual(await remoteDump())

    const again = await local('push', '--remote')
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('Nothing to push')
  })

  it.skipIf(!HAS_SCRIPT)('asks y/N on a terminal before pushing', async () => {
    await local('set', 'user:4', 'asked')
    const tty = (input: string) =>
      runInTerminal(localProject.root, ['push', '--remote'], { input, env })
    const no = await tty('n\n')
    expect(no.out).toContain('+ user:4')
    expect(no.out).toContain('[y/N]')
    expect(no.out).toContain('Aborted. Nothing was changed.')
    expect(await server.runtime.env.KV!.get('user:4')).toBeNull()
    const yes = await tty('y\n')
    expect(yes.code).toBe(0)
    expect(await server.runtime.env.KV!.get('user:4')).toBe('asked')
  })
})
