import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Cloudflare from 'cloudflare'
import { Hono } from 'hono'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createCloudflareApi } from '../../src/http/cloudflare'
import { createConnectMiddleware } from '../../src/http/connect'
import { createKvRuntime, type KvRuntime } from '../../src/runtime/create-kv-runtime'
import { runWrangler } from '../helpers/wrangler'

const PREFIX = '/client/v4'

/** The API mounted as the inspector mounts it, served through kvdev's one Node adapter. */
function serve(api: Hono, log: string[]): Server {
  const app = new Hono().route(PREFIX, api)
  const middleware = createConnectMiddleware(async (request) => app.fetch(request))
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    log.push(`${req.method} ${url.pathname}`)
    if (!url.pathname.startsWith(`${PREFIX}/`)) {
      res.writeHead(404).end()
      return
    }
    middleware(req, res, () => res.writeHead(404).end())
  })
}

describe('cloudflare api with real clients', () => {
  let kv: KvRuntime
  let server: Server
  let baseURL: string
  let root: string
  const log: string[] = []

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-'))
    // Locally the namespace is `preview-id` (as wrangler dev picks it); wrangler --remote sends `prod-id`.
    writeFileSync(
      join(root, 'wrangler.jsonc'),
      '{ "name": "app", "kv_namespaces": [{ "binding": "KV", "id": "prod-id", "preview_id": "preview-id" }] }',
    )
    kv = await createKvRuntime({ root, persist: false })
    server = serve(createCloudflareApi(kv), log)
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`
  })
  afterAll(async () => {
    await new Promise((done) => server.close(done))
    await kv.dispose()
    rmSync(root, { recursive: true, force: true })
  })
  beforeEach(async () => {
    await kv.store('KV').clear()
    log.length = 0
  })

  describe('official cloudflare sdk', () => {
    const account_id = 'abc'
    let cf: Cloudflare
    beforeAll(() => {
      cf = new Cloudflare({ apiToken: 'x', baseURL, maxRetries: 0 })
    })

    it('lists and gets namespaces', async () => {
      const namespaces = []
      for await (const namespace of cf.kv.namespaces.list({ account_id }))
        namespaces.push(namespace)
      expect(namespaces).toEqual([{ id: 'preview-id', title: 'KV', supports_url_encoding: true }])
      expect(await cf.kv.namespaces.get('prod-id', { account_id })).toMatchObject({
        id: 'preview-id',
        title: 'KV',
      })
    })

    it('puts a value with metadata, gets it, reads its metadata and lists it', async () => {
      const key = 'user:1/profile'
      await cf.kv.namespaces.values.update(key, {
        account_id,
        namespace_id: 'KV',
        value: '{"score":1}',
        metadata: JSON.stringify({ sub: 'u1' }),
        expiration_ttl: 3600,
      })
      expect(await kv.env.KV!.getWithMetadata(key)).toMatchObject({
        value: '{"score":1}',
        metadata: { sub: 'u1' },
      })
      const value = await cf.kv.namespaces.values.get(key, { account_id, namespace_id: 'KV' })
      expect(await value.text()).toBe('{"score":1}')
      expect(await cf.kv.namespaces.metadata.get(key, { account_id, namespace_id: 'KV' })).toEqual({
        sub: 'u1',
      })
      const keys = []
      for await (const k of cf.kv.namespaces.keys.list('KV', { account_id, prefix: 'user:' }))
        keys.push(k)
      expect(keys).toEqual([{ name: key, metadata: { sub: 'u1' }, expiration: expect.any(Number) }])
      await cf.kv.namespaces.values.delete(key, { account_id, namespace_id: 'KV' })
      expect(await kv.env.KV!.get(key)).toBeNull()
    })

    it('pages through keys with the cursor', async () => {
      await kv.store('KV').write(
        Array.from({ length: 25 }, (_, i) => ({
          key: `k${String(i).padStart(2, '0')}`,
          value: 'v',
        })),
      )
      const names = []
      for await (const k of cf.kv.namespaces.keys.list('KV', { account_id, limit: 10 }))
        names.push(k.name)
      expect(names).toHaveLength(25)
      expect(log.filter((line) => line.endsWith('/keys'))).toHaveLength(3)
    })

    it('bulk updates, bulk gets and bulk deletes', async () => {
      const updated = await cf.kv.namespaces.bulkUpdate('KV', {
        account_id,
        body: [
          { key: 'a', value: '{"n":1}', metadata: { m: 1 } },
          { key: 'b', value: Buffer.from('bytes').toString('base64'), base64: true },
        ],
      })
      expect(updated).toEqual({ successful_key_count: 2, unsuccessful_keys: [] })
      expect(await kv.env.KV!.get('b')).toBe('bytes')
      const got = await cf.kv.namespaces.bulkGet('KV', {
        account_id,
        keys: ['a', 'c'],
        type: 'json',
        withMetadata: true,
      })
      expect(got).toEqual({
        values: { a: { value: { n: 1 }, metadata: { m: 1 } }, c: null },
      })
      const text = await cf.kv.namespaces.bulkGet('KV', { account_id, keys: ['a', 'b'] })
      expect(text).toEqual({ values: { a: '{"n":1}', b: 'bytes' } })
      const deleted = await cf.kv.namespaces.bulkDelete('KV', { account_id, body: ['a', 'b'] })
      expect(deleted).toEqual({ successful_key_count: 2, unsuccessful_keys: [] })
      expect((await kv.env.KV!.list()).keys).toEqual([])
    })

    it('surfaces cloudflare errors as sdk errors with status and code', async () => {
      const missing = await cf.kv.namespaces.values
        .get('nope', { account_id, namespace_id: 'KV' })
        .catch((e) => e)
      expect(missing).toBeInstanceOf(Cloudflare.NotFoundError)
      expect(missing.errors).toEqual([{ code: 10009, message: "get: 'key not found'" }])
      const short = await cf.kv.namespaces.values
        .update('t', { account_id, namespace_id: 'KV', value: 'v', expiration_ttl: 30 })
        .catch((e) => e)
      expect(short).toBeInstanceOf(Cloudflare.BadRequestError)
      expect(short.errors[0].code).toBe(10034)
      const unknown = await cf.kv.namespaces.get('nope', { account_id }).catch((e) => e)
      expect(unknown.status).toBe(404)
    })
  })

  describe('wrangler --remote', () => {
    let env: Record<string, string>
    beforeAll(() => {
      env = {
        CLOUDFLARE_API_BASE_URL: baseURL,
        CLOUDFLARE_API_TOKEN: 'x',
        CLOUDFLARE_ACCOUNT_ID: 'abc',
        WRANGLER_SEND_METRICS: 'false',
        CI: 'true',
      }
    })
    const wrangler = (...args: string[]) =>
      runWrangler(root, ['kv', ...args, '--namespace-id', 'KV', '--remote'], env)

    it('puts, gets, lists and deletes a key', async () => {
      const put = await wrangler('key', 'put', 'user:1', 'hello', '--metadata', '{"sub":"u1"}')
      expect(put.code, put.stderr).toBe(0)
      expect(await kv.env.KV!.getWithMetadata('user:1')).toMatchObject({
        value: 'hello',
        metadata: { sub: 'u1' },
      })
      const get = await wrangler('key', 'get', 'user:1', '--text')
      expect(get.code, get.stderr).toBe(0)
      expect(get.stdout.trim()).toBe('hello')
      const list = await wrangler('key', 'list')
      expect(list.code, list.stderr).toBe(0)
      expect(JSON.parse(list.stdout)).toEqual([{ name: 'user:1', metadata: { sub: 'u1' } }])
      const del = await wrangler('key', 'delete', 'user:1')
      expect(del.code, del.stderr).toBe(0)
      expect(await kv.env.KV!.get('user:1')).toBeNull()
      expect(log).toContain('PUT /client/v4/accounts/abc/storage/kv/namespaces/KV/values/user%3A1')
      // wrangler needed nothing beyond the KV routes (no /user, /memberships or workers calls).
      expect(
        log.filter((line) => !line.includes('/accounts/abc/storage/kv/namespaces/KV/')),
      ).toEqual([])
    })

    it('finds the namespace by the config binding and lists namespaces', async () => {
      await kv.env.KV!.put('config', 'c')
      const byBinding = await runWrangler(
        root,
        ['kv', 'key', 'get', 'config', '--binding', 'KV', '--remote', '--text'],
        env,
      )
      expect(byBinding.code, byBinding.stderr).toBe(0)
      expect(byBinding.stdout.trim()).toBe('c')
      expect(log).toContain(
        'GET /client/v4/accounts/abc/storage/kv/namespaces/prod-id/values/config',
      )
      const namespaces = await runWrangler(root, ['kv', 'namespace', 'list'], env)
      expect(namespaces.code, namespaces.stderr).toBe(0)
      expect(JSON.parse(namespaces.stdout)).toEqual([
        { id: 'preview-id', title: 'KV', supports_url_encoding: true },
      ])
    })

    it('puts with a ttl', async () => {
      const put = await wrangler('key', 'put', 'session', 's', '--ttl', '120')
      expect(put.code, put.stderr).toBe(0)
      const [listed] = (await kv.env.KV!.list({ prefix: 'session' })).keys
      expect(listed!.expiration).toBeGreaterThan(Date.now() / 1000 + 100)
    })

    it('reports a missing key with a non-zero exit code', async () => {
      const get = await wrangler('key', 'get', 'missing', '--text')
      expect(get.code).not.toBe(0)
      expect(`${get.stdout}${get.stderr}`).toMatch(/404/)
    })

    it('bulk puts, bulk gets and bulk deletes from files', async () => {
      const items = [
        { key: 'a', value: '1', metadata: { m: 1 } },
        { key: 'b', value: Buffer.from([0, 1]).toString('base64'), base64: true },
      ]
      writeFileSync(join(root, 'put.json'), JSON.stringify(items))
      writeFileSync(join(root, 'delete.json'), JSON.stringify(['a', 'b']))
      const put = await wrangler('bulk', 'put', 'put.json')
      expect(put.code, put.stderr).toBe(0)
      expect(await kv.env.KV!.getWithMetadata('a')).toMatchObject({
        value: '1',
        metadata: { m: 1 },
      })
      expect(new Uint8Array((await kv.env.KV!.get('b', 'arrayBuffer'))!)).toEqual(
        new Uint8Array([0, 1]),
      )
      const get = await wrangler('bulk', 'get', 'delete.json')
      expect(get.code, get.stderr).toBe(0)
      expect(get.stdout).toContain('"a": "1"')
      const del = await wrangler('bulk', 'delete', 'delete.json', '--force')
      expect(del.code, del.stderr).toBe(0)
      expect((await kv.env.KV!.list()).keys).toEqual([])
      expect(log).toContain('DELETE /client/v4/accounts/abc/storage/kv/namespaces/KV/bulk')
    })
  })
})
