import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, runKvdev, startTestServer, type TestServer } from './helpers'

describe('kvdev cli --remote', { timeout: 120_000 }, () => {
  const project = createProject()
  const root = project.root
  let server: TestServer
  let env: Record<string, string>
  const remote = (...args: string[]) => runKvdev(root, [...args, '--remote'], { env })

  beforeAll(async () => {
    // Cloudflare's REST API, served by a dev server: the same client talks to both.
    server = await startTestServer(root)
    env = {
      CLOUDFLARE_API_BASE_URL: `${server.url}/__kv/api/client/v4`,
      CLOUDFLARE_API_TOKEN: server.token,
      CLOUDFLARE_ACCOUNT_ID: 'acct-1',
    }
  })
  afterAll(async () => {
    await server?.close()
    project.cleanup()
  })

  it('writes and reads the namespace named by the config id', async () => {
    const metadata = JSON.stringify({ name: 'Vivian', email: 'vivian@school.edu' })
    const set = await remote(
      'set',
      'user:v:save',
      'level-3',
      '--metadata',
      metadata,
      '--ttl',
      '3600',
    )
    expect(set.code).toBe(0)
    expect(set.stderr).toBe(
      '[kvdev] Set "user:v:save" (7 B) in binding KV (remote namespace kv-id).\n',
    )
    expect(await server.runtime.env.KV!.get('user:v:save')).toBe('level-3')
    const got = JSON.parse((await remote('get', 'user:v:save', '--json')).out)
    expect(got).toMatchObject({
      key: 'user:v:save',
      value: 'level-3',
      metadata: { name: 'Vivian' },
    })
    expect(got.expiration).toBeGreaterThan(Date.now() / 1000)
    expect((await remote('get', 'missing')).code).toBe(1)
  })

  it('lists, inspects, counts and dumps by walking every key', async () => {
    await server.runtime.env.KV!.put('bin', new Uint8Array([0xff, 0, 1]))
    expect((await remote('list')).out).toBe('bin\nuser:v:save\n')
    expect(JSON.parse((await remote('inspect', 'bin', '--json')).out)).toMatchObject({
      size: 3,
      type: 'binary',
    })
    expect(JSON.parse((await remote('stats', '--json')).out)).toMatchObject({ keys: 2, bytes: 10 })
    const dump = JSON.parse((await remote('dump')).out)
    expect(dump[0]).toEqual({ key: 'bin', value: '/wAB', base64: true })
    expect(dump[1]).toMatchObject({
      key: 'user:v:save',
      value: 'level-3',
      metadata: { email: 'vivian@school.edu' },
    })
  })

  it('clears over the bulk delete endpoint', async () => {
    expect((await remote('clear')).code).toBe(2)
    expect((await remote('clear', '--force')).code).toBe(0)
    expect(await server.runtime.store('KV').count()).toBe(0)
  })

  it('fails with exit 3 and a clear message without credentials or namespace id', async () => {
    const noToken = await runKvdev(root, ['list', '--remote'], {
      env: { ...env, CLOUDFLARE_API_TOKEN: undefined },
    })
    expect(noToken.code).toBe(3)
    expect(noToken.stderr).toContain('Missing environment variable: CLOUDFLARE_API_TOKEN')
    const noPreview = await remote('list', '--preview')
    expect(noPreview.code).toBe(3)
    expect(noPreview.stderr).toContain('No `preview_id` for binding KV')
    const badToken = await runKvdev(root, ['list', '--remote'], {
      env: { ...env, CLOUDFLARE_API_TOKEN: 'wrong' },
    })
    expect(badToken.code).toBe(3)
    expect(badToken.stderr).toMatch(/^\[kvdev\] GET .*\/keys failed: 40[13]/)
  })

  it('tells a missing namespace apart from a missing key', async () => {
    writeFileSync(
      join(root, 'other.jsonc'),
      '{ "kv_namespaces": [{ "binding": "KV", "id": "no-such-namespace" }] }',
    )
    const result = await remote('get', 'anything', '--config', 'other.jsonc')
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('no-such-namespace')
  })
})
