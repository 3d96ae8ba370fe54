import { Hono } from 'hono'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KV_LIMITS } from '../../src/constants'
import { createCloudflareApi } from '../../src/http/cloudflare'
import { createKvRuntime, type KvRuntime } from '../../src/runtime/create-kv-runtime'
import type { KvChangeEvent } from '../../src/types/records'

const NS = '/accounts/abc/storage/kv/namespaces'

/**
 * A request whose target reaches the API as written (as `curl --path-as-is` sends it):
 * the URL parser would fold an encoded `%2E%2E` key into the namespace path.
 */
class RawTargetRequest extends Request {
  readonly #target: string
  constructor(target: string, init: RequestInit) {
    super(target, init)
    this.#target = target
  }
  override get url() {
    return this.#target
  }
}

describe('cloudflare kv api', () => {
  let kv: KvRuntime
  let api: Hono
  const events: KvChangeEvent[] = []

  function call(method: string, path: string, init: RequestInit = {}) {
    return api.request(
      new RawTargetRequest(`http://localhost/client/v4${path}`, { method, ...init }),
    )
  }
  const json = (method: string, path: string, body: unknown) =>
    call(method, path, {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
  async function envelope(response: Response) {
    return (await response.json()) as {
      success: boolean
      errors: { code: number; message: string }[]
      messages: unknown[]
      // biome-ignore lint/suspicious/noExplicitAny: each route answers its own shape
      result: any
      // biome-ignore lint/suspicious/noExplicitAny: each route answers its own shape
      result_info?: any
    }
  }
  async function expectError(
    response: Response,
    status: number,
    code: number,
    message?: string | RegExp,
  ) {
    expect(response.status).toBe(status)
    const body = await envelope(response)
    expect(body.success).toBe(false)
    expect(body.result).toBeNull()
    expect(body.errors[0]!.code).toBe(code)
    if (message !== undefined) expect(body.errors[0]!.message).toMatch(message)
    return body
  }

  beforeAll(async () => {
    kv = await createKvRuntime({
      persist: false,
      bindings: ['KV', { binding: 'CACHE', id: 'cache-id' }],
    })
    api = new Hono().route('/client/v4', createCloudflareApi(kv))
    kv.onChange((event) => events.push(event))
  })
  afterAll(() => kv.dispose())
  beforeEach(async () => {
    await kv.store('KV').clear()
    await kv.store('CACHE').clear()
    events.length = 0
  })

  describe('namespaces', () => {
    it('lists namespaces with id, title and url-encoding support', async () => {
      const body = await envelope(await call('GET', NS))
      expect(body).toMatchObject({ success: true, errors: [], messages: [] })
      expect(body.result).toEqual([
        { id: 'KV', title: 'KV', supports_url_encoding: true },
        { id: 'cache-id', title: 'CACHE', supports_url_encoding: true },
      ])
      expect(body.result_info).toEqual({
        page: 1,
        per_page: 20,
        count: 2,
        total_count: 2,
        total_pages: 1,
      })
    })

    it('pages, orders and sorts namespaces', async () => {
      const sorted = await envelope(await call('GET', `${NS}?order=title&direction=desc`))
      expect(sorted.result.map((n: { title: string }) => n.title)).toEqual(['KV', 'CACHE'])
      const second = await envelope(await call('GET', `${NS}?page=2&per_page=5`))
      expect(second.result).toEqual([])
      await expectError(await call('GET', `${NS}?per_page=2`), 400, 10008, /per_page of 2/)
      await expectError(await call('GET', `${NS}?page=0`), 400, 10007)
      await expectError(await call('GET', `${NS}?order=size`), 400, 10043)
      await expectError(await call('GET', `${NS}?direction=up`), 400, 10044)
    })

    it('finds a namespace by id or by binding name', async () => {
      for (const id of ['cache-id', 'CACHE']) {
        const body = await envelope(await call('GET', `${NS}/${id}`))
        expect(body.result).toEqual({ id: 'cache-id', title: 'CACHE', supports_url_encoding: true })
      }
      await call('PUT', `${NS}/CACHE/values/k`, { body: 'v' })
      expect(await kv.env.CACHE!.get('k')).toBe('v')
    })

    it('answers 404 with code 10013 for an unknown namespace', async () => {
      await expectError(
        await call('GET', `${NS}/nope`),
        404,
        10013,
        "get namespace: 'namespace not found'",
      )
      await expectError(
        await call('GET', `${NS}/nope/keys`),
        404,
        10013,
        "list keys: 'namespace not found'",
      )
      await expectError(await call('PUT', `${NS}/nope/values/a`, { body: 'x' }), 404, 10013)
    })

    it('refuses to create, rename or delete namespaces', async () => {
      const created = await expectError(
        await json('POST', NS, { title: 'NEW' }),
        405,
        10405,
        /wrangler config/,
      )
      expect(created.errors).toHaveLength(1)
      await expectError(await json('PUT', `${NS}/KV`, { title: 'X' }), 405, 10405)
      await expectError(await call('DELETE', `${NS}/KV`), 405, 10405)
      expect(kv.bindings).toHaveLength(2)
    })
  })

  describe('values', () => {
    it('writes a raw body and reads the raw bytes back as an attachment', async () => {
      const put = await call('PUT', `${NS}/KV/values/user%3A1`, { body: '{"score":1}' })
      expect(await envelope(put)).toEqual({ success: true, errors: [], messages: [], result: {} })
      const get = await call('GET', `${NS}/KV/values/user%3A1`)
      expect(get.status).toBe(200)
      expect(get.headers.get('content-type')).toBe('application/octet-stream')
      expect(get.headers.get('content-disposition')).toBe('attachment')
      expect(get.headers.get('x-content-type-options')).toBe('nosniff')
      expect(get.headers.get('expiration')).toBeNull()
      expect(await get.text()).toBe('{"score":1}')
      expect(await kv.env.KV!.get('user:1')).toBe('{"score":1}')
    })

    it('round-trips binary values byte for byte', async () => {
      const bytes = new Uint8Array([0, 255, 1, 254, 0x80])
      await call('PUT', `${NS}/KV/values/bin`, { body: bytes })
      const get = await call('GET', `${NS}/KV/values/bin`)
      expect(new Uint8Array(await get.arrayBuffer())).toEqual(bytes)
    })

    it('decodes keys with reserved characters and keeps unencoded slashes', async () => {
      const keys = ['a/b c', '100%', 'emoji 🎉', '__proto__', 'constructor', 'dir/']
      for (const key of keys) {
        expect(
          (await call('PUT', `${NS}/KV/values/${encodeURIComponent(key)}`, { body: key })).status,
        ).toBe(200)
      }
      for (const key of keys) expect(await kv.env.KV!.get(key)).toBe(key)
      const raw = await call('GET', `${NS}/KV/values/a/b%20c`)
      expect(await raw.text()).toBe('a/b c')
    })

    it('writes value and metadata from multipart/form-data', async () => {
      const form = new FormData()
      form.append('value', 'hello')
      form.append('metadata', '{"sub":"u1","__proto__":"data"}')
      expect((await call('PUT', `${NS}/KV/values/m`, { body: form })).status).toBe(200)
      const { value, metadata } = await kv.env.KV!.getWithMetadata('m')
      expect(value).toBe('hello')
      expect(metadata).toEqual(JSON.parse('{"sub":"u1","__proto__":"data"}'))
      const meta = await envelope(await call('GET', `${NS}/KV/metadata/m`))
      expect(meta.result).toEqual(JSON.parse('{"sub":"u1","__proto__":"data"}'))
    })

    it('takes a file part as the value', async () => {
      const form = new FormData()
      form.append('value', new Blob([new Uint8Array([1, 2, 3])]), 'v.bin')
      await call('PUT', `${NS}/KV/values/file`, { body: form })
      expect(new Uint8Array((await kv.env.KV!.get('file', 'arrayBuffer'))!)).toEqual(
        new Uint8Array([1, 2, 3]),
      )
    })

    it('refuses bracketed metadata parts, a missing value part and bad metadata json', async () => {
      const nested = new FormData()
      nested.append('value', 'v')
      nested.append('metadata[sub]', 'u1')
      await expectError(
        await call('PUT', `${NS}/KV/values/a`, { body: nested }),
        400,
        10047,
        /JSON\.stringify/,
      )
      const empty = new FormData()
      empty.append('metadata', '{}')
      await expectError(
        await call('PUT', `${NS}/KV/values/a`, { body: empty }),
        400,
        10012,
        /"value" part/,
      )
      const bad = new FormData()
      bad.append('value', 'v')
      bad.append('metadata', '{nope')
      await expectError(
        await call('PUT', `${NS}/KV/values/a`, { body: bad }),
        400,
        10047,
        /Invalid metadata/,
      )
      expect(await kv.env.KV!.get('a')).toBeNull()
    })

    it('sets expiration from expiration_ttl and reports it in the header and listing', async () => {
      const before = Math.floor(Date.now() / 1000)
      await call('PUT', `${NS}/KV/values/ttl?expiration_ttl=120`, { body: 'v' })
      const get = await call('GET', `${NS}/KV/values/ttl`)
      const expiration = Number(get.headers.get('expiration'))
      expect(expiration).toBeGreaterThanOrEqual(before + 120)
      expect(expiration).toBeLessThanOrEqual(before + 122)
      const list = await envelope(await call('GET', `${NS}/KV/keys`))
      expect(list.result).toEqual([{ name: 'ttl', expiration }])
    })

    it('accepts an absolute expiration at least 60 seconds ahead', async () => {
      const at = Math.floor(Date.now() / 1000) + 3600
      await call('PUT', `${NS}/KV/values/abs?expiration=${at}`, { body: 'v' })
      expect((await call('GET', `${NS}/KV/values/abs`)).headers.get('expiration')).toBe(String(at))
    })

    it('reports the expiration of a key holding nul, in the header and in bulk get (issue 11)', async () => {
      const at = Math.floor(Date.now() / 1000) + 3600
      await call('PUT', `${NS}/KV/values/a%00b?expiration=${at}`, { body: 'v' })
      await call('PUT', `${NS}/KV/values/a?expiration=${at + 60}`, { body: 'w' })
      const get = await call('GET', `${NS}/KV/values/a%00b`)
      expect(await get.text()).toBe('v')
      expect(get.headers.get('expiration')).toBe(String(at))
      const bulk = await envelope(
        await json('POST', `${NS}/KV/bulk/get`, { keys: ['a\u0000b'], withMetadata: true }),
      )
      expect(bulk.result.values['a\u0000b']).toMatchObject({ value: 'v', expiration: at })
    })

    it('answers 404 with code 10009 for a missing key', async () => {
      await expectError(
        await call('GET', `${NS}/KV/values/missing`),
        404,
        10009,
        "get: 'key not found'",
      )
      await expectError(await call('GET', `${NS}/KV/metadata/missing`), 404, 10009)
    })

    it('returns null metadata for a key without any', async () => {
      await kv.env.KV!.put('plain', 'v')
      expect((await envelope(await call('GET', `${NS}/KV/metadata/plain`))).result).toBeNull()
    })

    it('deletes a key and succeeds for a missing one', async () => {
      await kv.env.KV!.put('gone', 'v')
      expect((await envelope(await call('DELETE', `${NS}/KV/values/gone`))).result).toEqual({})
      expect(await kv.env.KV!.get('gone')).toBeNull()
      expect((await call('DELETE', `${NS}/KV/values/gone`)).status).toBe(200)
    })

    it('emits change events for writes and deletes', async () => {
      await call('PUT', `${NS}/KV/values/e`, { body: 'v' })
      await call('DELETE', `${NS}/KV/values/e`)
      expect(events.map(({ kind, key, binding }) => ({ kind, key, binding }))).toEqual([
        { kind: 'put', key: 'e', binding: 'KV' },
        { kind: 'delete', key: 'e', binding: 'KV' },
      ])
    })
  })

  describe('value limits', () => {
    it('answers 414 for a key over 512 bytes', async () => {
      const key = 'k'.repeat(KV_LIMITS.MAX_KEY_SIZE_BYTES + 1)
      await expectError(
        await call('PUT', `${NS}/KV/values/${key}`, { body: 'v' }),
        414,
        10030,
        'UTF-8 encoded length of 513 exceeds key length limit of 512.',
      )
      await expectError(await call('GET', `${NS}/KV/values/${key}`), 414, 10030)
      expect((await call('PUT', `${NS}/KV/values/${'k'.repeat(512)}`, { body: 'v' })).status).toBe(
        200,
      )
    })

    it('answers 400 for an empty or dot key', async () => {
      await expectError(
        await call('PUT', `${NS}/KV/values/%2E%2E`, { body: 'v' }),
        400,
        10042,
        'Illegal key name "..". Please use a different name.',
      )
      await expectError(
        await call('PUT', `${NS}/KV/values/`, { body: 'v' }),
        400,
        10042,
        'Key names must not be empty',
      )
    })

    it('answers 413 for a multipart body over the value and metadata limits', async () => {
      const form = new FormData()
      form.append('value', new Blob([new Uint8Array(KV_LIMITS.MAX_VALUE_SIZE_BYTES + 128 * 1024)]))
      // Encoded first: cancelling a FormData body mid-stream makes Node 24's undici enqueue into
      // the closed stream, an unhandled rejection (nodejs/undici#5715).
      const encoded = new Response(form)
      const body = await encoded.arrayBuffer()
      const headers = { 'content-type': encoded.headers.get('content-type')! }
      await expectError(
        await call('PUT', `${NS}/KV/values/big`, { body, headers }),
        413,
        10024,
        /for a value with metadata\.$/,
      )
      const justOver = new FormData()
      justOver.append('value', new Blob([new Uint8Array(KV_LIMITS.MAX_VALUE_SIZE_BYTES + 1)]))
      await expectError(
        await call('PUT', `${NS}/KV/values/big`, { body: justOver }),
        413,
        10024,
        'Value length of 26214401 exceeds limit of 26214400.',
      )
      expect(await kv.env.KV!.get('big')).toBeNull()
    })

    it('answers 413 for a value over 25 MiB, declared or streamed', async () => {
      const big = new Uint8Array(KV_LIMITS.MAX_VALUE_SIZE_BYTES + 1)
      const headers = { 'content-length': String(big.byteLength) }
      await expectError(
        await call('PUT', `${NS}/KV/values/big`, { body: big, headers }),
        413,
        10024,
        'Value length of 26214401 exceeds limit of 26214400.',
      )
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(big)
          controller.close()
        },
      })
      const streamed = await call('PUT', `${NS}/KV/values/big`, {
        body: stream,
        duplex: 'half',
      } as RequestInit)
      await expectError(
        streamed,
        413,
        10024,
        /^Value length of at least \d+ exceeds limit of 26214400\.$/,
      )
      expect(await kv.env.KV!.get('big')).toBeNull()
    })

    it('accepts a value of exactly 25 MiB', async () => {
      const max = new Uint8Array(KV_LIMITS.MAX_VALUE_SIZE_BYTES)
      expect((await call('PUT', `${NS}/KV/values/max`, { body: max })).status).toBe(200)
    })

    it('answers 413 for metadata over 1024 bytes', async () => {
      const form = new FormData()
      form.append('value', 'v')
      form.append('metadata', JSON.stringify({ pad: 'x'.repeat(1100) }))
      await expectError(
        await call('PUT', `${NS}/KV/values/meta`, { body: form }),
        413,
        10024,
        'Metadata length of 1110 exceeds limit of 1024.',
      )
    })

    it('answers 400 for a ttl under 60 or an expiration too soon', async () => {
      await expectError(
        await call('PUT', `${NS}/KV/values/t?expiration_ttl=30`, { body: 'v' }),
        400,
        10034,
        'Invalid expiration_ttl of 30. Expiration TTL must be at least 60.',
      )
      await expectError(
        await call('PUT', `${NS}/KV/values/t?expiration_ttl=abc`, { body: 'v' }),
        400,
        10034,
      )
      const soon = Math.floor(Date.now() / 1000) + 10
      await expectError(
        await call('PUT', `${NS}/KV/values/t?expiration=${soon}`, { body: 'v' }),
        400,
        10033,
        /Expiration times must be at least 60 seconds in the future/,
      )
      await expectError(
        await call('PUT', `${NS}/KV/values/t?expiration=1`, { body: 'v' }),
        400,
        10033,
      )
      expect(await kv.env.KV!.get('t')).toBeNull()
    })
  })

  describe('keys', () => {
    it('lists keys with metadata and pages with the cursor', async () => {
      await kv.store('KV').write(
        Array.from({ length: 25 }, (_, i) => ({
          key: `user:${String(i).padStart(2, '0')}`,
          value: 'v',
        })),
      )
      await kv.env.KV!.put('other', 'v', { metadata: { a: 1 } })
      const names: string[] = []
      let cursor = ''
      do {
        const body = await envelope(
          await call(
            'GET',
            `${NS}/KV/keys?prefix=user%3A&limit=10${cursor ? `&cursor=${cursor}` : ''}`,
          ),
        )
        expect(body.result_info.count).toBe(body.result.length)
        names.push(...body.result.map((k: { name: string }) => k.name))
        cursor = body.result_info.cursor
      } while (cursor)
      expect(names).toHaveLength(25)
      expect(names[0]).toBe('user:00')
      const other = await envelope(await call('GET', `${NS}/KV/keys?prefix=oth`))
      expect(other.result).toEqual([{ name: 'other', metadata: { a: 1 } }])
      expect(other.result_info).toEqual({ count: 1, cursor: '' })
    })

    it('defaults to 1000 keys a page', async () => {
      await kv
        .store('KV')
        .write(Array.from({ length: 1001 }, (_, i) => ({ key: `k${i}`, value: 'v' })))
      const body = await envelope(await call('GET', `${NS}/KV/keys`))
      expect(body.result).toHaveLength(1000)
      expect(body.result_info.cursor).not.toBe('')
    })

    it('answers 400 for a limit outside 10 to 1000', async () => {
      await expectError(
        await call('GET', `${NS}/KV/keys?limit=9`),
        400,
        10028,
        /key_count_limit of 9/,
      )
      await expectError(
        await call('GET', `${NS}/KV/keys?limit=1001`),
        400,
        10028,
        'Invalid key_count_limit of 1001. Please specify an integer less than 1000.',
      )
      await expectError(await call('GET', `${NS}/KV/keys?limit=ten`), 400, 10028)
      expect((await call('GET', `${NS}/KV/keys?limit=1000`)).status).toBe(200)
      expect((await call('GET', `${NS}/KV/keys?limit=10`)).status).toBe(200)
    })

    it('answers 414 for a prefix over 512 bytes', async () => {
      await expectError(await call('GET', `${NS}/KV/keys?prefix=${'p'.repeat(513)}`), 414, 10030)
    })
  })

  describe('bulk write', () => {
    it('writes text, base64, metadata and ttl items', async () => {
      const response = await json('PUT', `${NS}/KV/bulk`, [
        { key: 'a', value: 'text', metadata: { m: 1 } },
        { key: 'b', value: Buffer.from([0, 1, 2]).toString('base64'), base64: true },
        { key: 'c', value: 'x', expiration_ttl: 3600, extra: 'ignored' },
      ])
      expect((await envelope(response)).result).toEqual({
        successful_key_count: 3,
        unsuccessful_keys: [],
      })
      expect(await kv.env.KV!.getWithMetadata('a')).toMatchObject({
        value: 'text',
        metadata: { m: 1 },
      })
      expect(new Uint8Array((await kv.env.KV!.get('b', 'arrayBuffer'))!)).toEqual(
        new Uint8Array([0, 1, 2]),
      )
      const listed = await kv.env.KV!.list({ prefix: 'c' })
      expect(listed.keys[0]!.expiration).toBeGreaterThan(Date.now() / 1000 + 3000)
      expect(events.some((e) => e.binding === 'KV' && e.count === 3)).toBe(true)
    })

    it('validates the whole batch before writing any item', async () => {
      const response = await json('PUT', `${NS}/KV/bulk`, [
        { key: 'good', value: 'v' },
        { key: 'k'.repeat(513), value: 'v' },
        { key: 'ttl', value: 'v', expiration_ttl: 10 },
        { key: 'num', value: 5 },
      ])
      const body = await expectError(response, 414, 10030, /key length limit of 512\. \(item 1/)
      expect(body.errors.map((e) => e.code)).toEqual([10030, 10034, 10029])
      expect(body.errors[2]!.message).toMatch(/index 3, key "num"/)
      expect(await kv.env.KV!.get('good')).toBeNull()
      expect(events).toEqual([])
    })

    it('answers 413 for a value or metadata over the limit inside a batch', async () => {
      await expectError(
        await json('PUT', `${NS}/KV/bulk`, [{ key: 'm', value: 'v', metadata: 'x'.repeat(1100) }]),
        413,
        10024,
        /Metadata length of 1102 exceeds limit of 1024/,
      )
    })

    it('refuses more than 10,000 items, non-arrays, bad json and deep json', async () => {
      const items = Array.from({ length: KV_LIMITS.MAX_BULK_WRITE_ITEMS + 1 }, (_, i) => ({
        key: `k${i}`,
        value: '',
      }))
      await expectError(
        await json('PUT', `${NS}/KV/bulk`, items),
        413,
        10024,
        /10001 items exceeds limit of 10000/,
      )
      await expectError(
        await json('PUT', `${NS}/KV/bulk`, { key: 'a', value: 'b' }),
        400,
        10029,
        /JSON array/,
      )
      await expectError(
        await call('PUT', `${NS}/KV/bulk`, { body: '[{' }),
        400,
        10029,
        /not valid JSON/,
      )
      const deep = `[{"key":"a","value":"b","metadata":${'['.repeat(100)}${']'.repeat(100)}}]`
      await expectError(
        await call('PUT', `${NS}/KV/bulk`, { body: deep }),
        400,
        10029,
        /102 levels deep/,
      )
      expect((await kv.env.KV!.list()).keys).toEqual([])
    })
  })

  describe('bulk delete', () => {
    it('deletes keys with POST bulk/delete and with the legacy DELETE bulk', async () => {
      await kv.store('KV').write(['a', 'b', 'c', 'd'].map((key) => ({ key, value: 'v' })))
      const post = await json('POST', `${NS}/KV/bulk/delete`, ['a', 'b', 'missing'])
      expect((await envelope(post)).result).toEqual({
        successful_key_count: 3,
        unsuccessful_keys: [],
      })
      const legacy = await json('DELETE', `${NS}/KV/bulk`, ['c'])
      expect((await envelope(legacy)).result.successful_key_count).toBe(1)
      expect((await kv.env.KV!.list()).keys.map((k) => k.name)).toEqual(['d'])
    })

    it('refuses non-arrays, non-string keys and more than 10,000 keys', async () => {
      await kv.env.KV!.put('keep', 'v')
      await expectError(await json('POST', `${NS}/KV/bulk/delete`, { keys: ['keep'] }), 400, 10029)
      await expectError(
        await json('POST', `${NS}/KV/bulk/delete`, ['keep', 1]),
        400,
        10029,
        /item 1/,
      )
      const many = Array.from({ length: 10_001 }, (_, i) => `k${i}`)
      await expectError(await json('POST', `${NS}/KV/bulk/delete`, many), 413, 10024)
      expect(await kv.env.KV!.get('keep')).toBe('v')
    })
  })

  describe('bulk get', () => {
    beforeEach(async () => {
      await kv.env.KV!.put('t', 'text')
      await kv.env.KV!.put('j', '{"n":1}', { metadata: { m: true } })
      await kv.env.KV!.put('__proto__', '"p"', { expirationTtl: 3600 })
    })

    it('returns text values and null for missing keys', async () => {
      const body = await envelope(
        await json('POST', `${NS}/KV/bulk/get`, { keys: ['t', 'j', 'missing'] }),
      )
      expect(body.result).toEqual({ values: { t: 'text', j: '{"n":1}', missing: null } })
    })

    it('parses json values with type json', async () => {
      const body = await envelope(
        await json('POST', `${NS}/KV/bulk/get`, { keys: ['j'], type: 'json' }),
      )
      expect(body.result.values).toEqual({ j: { n: 1 } })
      await expectError(
        await json('POST', `${NS}/KV/bulk/get`, { keys: ['t'], type: 'json' }),
        400,
        10029,
        /non-json value/,
      )
    })

    it('includes metadata and expiration with withMetadata', async () => {
      const response = await json('POST', `${NS}/KV/bulk/get`, {
        keys: ['j', '__proto__', 'missing'],
        withMetadata: true,
      })
      const text = await response.text()
      const values = JSON.parse(text).result.values
      expect(Object.keys(values)).toEqual(['j', '__proto__', 'missing'])
      expect(values.j).toEqual({ value: '{"n":1}', metadata: { m: true } })
      const proto = Object.getOwnPropertyDescriptor(values, '__proto__')?.value
      expect(proto).toMatchObject({ value: '"p"', metadata: null })
      expect(proto.expiration).toBeGreaterThan(Date.now() / 1000)
      expect(values.missing).toBeNull()
    })

    it('takes 1 to 100 keys and a text or json type', async () => {
      const keys = Array.from({ length: 101 }, (_, i) => `k${i}`)
      await expectError(
        await json('POST', `${NS}/KV/bulk/get`, { keys }),
        400,
        10029,
        'You can request a maximum of 100 keys',
      )
      expect((await json('POST', `${NS}/KV/bulk/get`, { keys: keys.slice(0, 100) })).status).toBe(
        200,
      )
      await expectError(
        await json('POST', `${NS}/KV/bulk/get`, { keys: [] }),
        400,
        10029,
        'You must request a minimum of 1 key',
      )
      await expectError(
        await json('POST', `${NS}/KV/bulk/get`, { keys: ['t'], type: 'arrayBuffer' }),
        400,
        10029,
        '"arrayBuffer" is not a valid type. Use "json" or "text"',
      )
      await expectError(await json('POST', `${NS}/KV/bulk/get`, ['t']), 400, 10029)
    })
  })

  describe('routing', () => {
    it('answers 404 with code 7003 for unknown routes', async () => {
      for (const path of [
        '/user',
        '/accounts/abc/workers/scripts',
        `${NS}/KV/nothing`,
        `${NS}/KV/bulk/other`,
        `${NS}/KV/values`,
      ]) {
        await expectError(await call('GET', path), 404, 7003, /Could not route to \/client\/v4\//)
      }
    })

    it('answers 405 with an allow header for a wrong method', async () => {
      const response = await call('POST', `${NS}/KV/values/a`, { body: 'x' })
      expect(response.headers.get('allow')).toBe('GET, PUT, DELETE')
      await expectError(response, 405, 10405, /Method POST is not allowed/)
      await expectError(await call('GET', `${NS}/KV/bulk/get`), 405, 10405)
      await expectError(await call('PUT', `${NS}/KV/keys`), 405, 10405)
      await expectError(await call('PUT', `${NS}/KV/metadata/a`), 405, 10405)
    })

    it('accepts any account id', async () => {
      await call('PUT', '/accounts/0123456789abcdef/storage/kv/namespaces/KV/values/acct', {
        body: 'v',
      })
      expect(await kv.env.KV!.get('acct')).toBe('v')
    })
  })
})
