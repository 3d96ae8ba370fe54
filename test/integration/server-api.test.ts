import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKvdevHandler, createToken, type KvdevHandler } from '../../src/http'
import { createKvRuntime, type KvRuntime } from '../../src/runtime/create-kv-runtime'
import type { KvChangeEvent } from '../../src/types/records'
import { createPersonas } from '../../src/users/personas'

const ORIGIN = 'http://localhost:5173'
const ALICE = { sub: 'alice', email: 'alice@example.com', name: 'Alice' }
const BOB = { sub: 'bob', email: 'bob@example.com', name: 'Bob' }
let runtime: KvRuntime
let handle: KvdevHandler
const token = createToken()
let dir: string
let seedFile: string
/** Event listeners the handler holds right now. */
let listening = 0

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kvdev-'))
  seedFile = join(dir, 'seeds', 'kv.json')
  runtime = await createKvRuntime({ persist: false, bindings: ['KV', 'CACHE'] })
  const tracked: KvRuntime = {
    ...runtime,
    onChange(listener) {
      listening++
      const off = runtime.onChange(listener)
      return () => {
        listening--
        off()
      }
    },
  }
  handle = createKvdevHandler({
    runtime: tracked,
    token,
    personas: createPersonas([ALICE, BOB]),
    root: dir,
    seedFile,
  })
})
afterAll(async () => {
  await runtime.dispose()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(async () => {
  await runtime.store('KV').clear()
  await runtime.store('CACHE').clear()
})

/** A request as the inspector page sends it: same origin, JSON. */
async function api(method: string, path: string, body?: unknown, headers: HeadersInit = {}) {
  const write = method !== 'GET' && method !== 'HEAD'
  const response = await handle(
    new Request(`${ORIGIN}/__kv/api/${path}`, {
      method,
      headers: write ? { origin: ORIGIN, 'content-type': 'application/json', ...headers } : headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  )
  if (!response) throw new Error(`no response for ${path}`)
  return response
}
const json = async (response: Response) => ({
  status: response.status,
  body: await response.json(),
})

describe('kvdev api', () => {
  it('passes paths outside the base to the next middleware', async () => {
    expect(await handle(new Request(`${ORIGIN}/api/users`))).toBeUndefined()
    expect(await handle(new Request(`${ORIGIN}/__kvx/api/info`))).toBeUndefined()
  })

  it('answers info with bindings and the seed file relative to the root', async () => {
    expect(await json(await api('GET', 'info'))).toEqual({
      status: 200,
      body: {
        bindings: [
          { binding: 'KV', id: 'KV' },
          { binding: 'CACHE', id: 'CACHE' },
        ],
        seedFile: 'seeds/kv.json',
        readOnlyReason: null,
      },
    })
  })

  it('sets hardened headers and no cors headers', async () => {
    const response = await api('GET', 'info')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect([...response.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([])
  })

  it('writes, reads, inspects and deletes a value', async () => {
    expect(
      await json(
        await api('PUT', 'value?key=user:1', { value: '{"score":1}', metadata: { name: 'Ada' } }),
      ),
    ).toEqual({ status: 200, body: { ok: true } })
    const read = await api('GET', 'value?key=user:1')
    expect(read.headers.get('content-type')).toBe('application/octet-stream')
    expect(read.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(await read.text()).toBe('{"score":1}')
    expect(await json(await api('GET', 'key?key=user:1'))).toEqual({
      status: 200,
      body: {
        name: 'user:1',
        size: 11,
        type: 'json',
        metadata: { name: 'Ada' },
        preview: '{"score":1}',
        previewEncoding: 'utf8',
        truncated: false,
      },
    })
    expect(await json(await api('DELETE', 'value?key=user:1'))).toEqual({
      status: 200,
      body: { ok: true, deleted: true },
    })
    expect(await json(await api('DELETE', 'value?key=user:1'))).toEqual({
      status: 200,
      body: { ok: true, deleted: false },
    })
    expect((await api('GET', 'value?key=user:1')).status).toBe(404)
    const missing = await json(await api('GET', 'key?key=user:1'))
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({
      success: false,
      errors: [{ message: '[kvdev] Key not found: "user:1" in KV.' }],
    })
  })

  it('writes binary values as base64 and previews them as base64', async () => {
    const bytes = Buffer.from([0, 255, 1, 254])
    await api('PUT', 'value?key=bin', { value: bytes.toString('base64'), base64: true })
    expect(Buffer.from(await (await api('GET', 'value?key=bin')).arrayBuffer())).toEqual(bytes)
    const { body } = await json(await api('GET', 'key?key=bin&preview=2'))
    expect(body).toMatchObject({
      type: 'binary',
      size: 4,
      preview: Buffer.from([0, 255]).toString('base64'),
      previewEncoding: 'base64',
      truncated: true,
    })
  })

  it('answers an empty preview', async () => {
    await api('PUT', 'value?key=a', { value: 'abc' })
    const { body } = await json(await api('GET', 'key?key=a&preview=0'))
    expect(body).toMatchObject({ preview: '', truncated: true, size: 3 })
  })

  it('writes to the binding named in the query', async () => {
    await api('PUT', 'value?binding=CACHE&key=a', { value: '1' })
    expect(await runtime.env.CACHE!.get('a')).toBe('1')
    expect(await runtime.env.KV!.get('a')).toBeNull()
    expect((await api('GET', 'keys?binding=NOPE')).status).toBe(404)
  })

  it('applies expiration_ttl and refuses a write ifAbsent when the key exists', async () => {
    await api('PUT', 'value?key=session', { value: 'x', expiration_ttl: 3600 })
    const { body } = await json(await api('GET', 'keys'))
    expect(body.keys[0].expiration).toBeGreaterThan(Date.now() / 1000)
    const conflict = await json(
      await api('PUT', 'value?key=session', { value: 'y', ifAbsent: true }),
    )
    expect(conflict.status).toBe(409)
    expect(await runtime.env.KV!.get('session')).toBe('x')
    expect((await api('PUT', 'value?key=fresh', { value: 'y', ifAbsent: true })).status).toBe(200)
  })

  it('maps the binding limits to 4xx with their messages', async () => {
    const cases: [string, unknown, number, RegExp][] = [
      [`value?key=${'k'.repeat(513)}`, { value: 'x' }, 414, /Key too long: 513 bytes/],
      [
        'value?key=a',
        { value: 'x', expiration_ttl: 30 },
        400,
        /Invalid expiration_ttl of 30. Expiration TTL must be at least 60./,
      ],
      [
        'value?key=a',
        { value: 'x', metadata: { m: 'y'.repeat(2000) } },
        413,
        /Metadata length of \d+ exceeds limit of 1024/,
      ],
      ['value?key=.', { value: 'x' }, 400, /"\." is not allowed as a key name/],
      ['value?key=a', { value: 1 }, 400, /Invalid value: 1/],
      ['value?key=a', { value: 'x', base64: true }, 400, /Invalid base64 value/],
      ['value?key=a', { value: 'x', expiration: 'soon' }, 400, /Invalid expiration: "soon"/],
      ['value?key=', { value: 'x' }, 400, /Missing key/],
    ]
    for (const [path, body, status, message] of cases) {
      const result = await json(await api('PUT', path, body))
      expect(result.status, path).toBe(status)
      expect(result.body.errors[0].message, path).toMatch(message)
    }
    expect(await runtime.store().count()).toBe(0)
  })

  it('refuses a value over 25 MiB with 413 and writes nothing', async () => {
    const result = await json(
      await api('PUT', 'value?key=big', { value: 'x'.repeat(25 * 1024 * 1024 + 1) }),
    )
    expect(result.status).toBe(413)
    expect(result.body.errors[0].message).toMatch(
      /Value length of 26214401 exceeds limit of 26214400/,
    )
    expect(await runtime.store().count()).toBe(0)
  })

  it('lists keys with prefix, limit and cursor', async () => {
    await runtime.store().write(['a:1', 'a:2', 'a:3', 'b:1'].map((key) => ({ key, value: 'v' })))
    const first = await json(await api('GET', 'keys?prefix=a:&limit=2'))
    expect(first.body.keys.map((k: { name: string }) => k.name)).toEqual(['a:1', 'a:2'])
    expect(first.body.list_complete).toBe(false)
    const second = await json(
      await api('GET', `keys?prefix=a:&limit=2&cursor=${encodeURIComponent(first.body.cursor)}`),
    )
    expect(second.body).toMatchObject({
      keys: [{ name: 'a:3', size: 1, type: 'text' }],
      list_complete: true,
    })
    for (const bad of ['0', '1001', 'x', '-1', '1.5']) {
      const result = await json(await api('GET', `keys?limit=${bad}`))
      expect(result.status, bad).toBe(400)
      expect(result.body.errors[0].message).toBe(
        `[kvdev] Invalid limit: "${bad}". It must be an integer from 1 to 1000.`,
      )
    }
  })

  it('counts all keys and those under a prefix', async () => {
    await runtime.store().write(['a:1', 'a:2', 'b:1'].map((key) => ({ key, value: 'v' })))
    expect((await json(await api('GET', 'count?prefix=a:'))).body).toEqual({ total: 3, matched: 2 })
  })

  it('answers stats', async () => {
    await runtime.store().write([
      { key: 'user:1', value: 'abc' },
      { key: 'x', value: 'a' },
    ])
    expect((await json(await api('GET', 'stats'))).body).toMatchObject({
      keys: 2,
      bytes: 4,
      largest: [
        { name: 'user:1', size: 3 },
        { name: 'x', size: 1 },
      ],
    })
  })

  it('seeds from text, dry-runs and replaces', async () => {
    await runtime.store().write([{ key: 'old', value: '1' }])
    const text = JSON.stringify({ 'user:1': { score: 1 }, greeting: 'hi' })
    expect((await json(await api('POST', 'seed?dryRun=1&mode=replace', { text }))).body).toEqual({
      records: 2,
      wouldDelete: 1,
    })
    expect(await runtime.store().count()).toBe(1)
    expect((await json(await api('POST', 'seed?mode=replace', { text }))).body).toEqual({
      written: 2,
      deleted: 1,
    })
    expect(await runtime.env.KV!.get('user:1', 'json')).toEqual({ score: 1 })
    expect(await runtime.env.KV!.get('old')).toBeNull()
  })

  it('seeds ndjson text named by file', async () => {
    const text = '{"key":"a","value":"1"}\n{"key":"b","value":"2"}\n'
    expect((await json(await api('POST', 'seed', { text, file: 'seed.ndjson' }))).body).toEqual({
      written: 2,
      deleted: 0,
    })
  })

  it('seeds the configured seed file on an empty body, and explains when it is missing', async () => {
    const missing = await json(await api('POST', 'seed', {}))
    expect(missing.status).toBe(404)
    expect(missing.body.errors[0].message).toMatch(/Seed file not found: kv.json/)
    const { mkdirSync } = await import('node:fs')
    mkdirSync(join(dir, 'seeds'), { recursive: true })
    writeFileSync(seedFile, JSON.stringify({ level: 3 }))
    expect((await json(await api('POST', 'seed', {}))).body).toEqual({ written: 1, deleted: 0 })
    expect(await runtime.env.KV!.get('level')).toBe('3')
  })

  it('refuses an invalid seed with a 400 and writes nothing', async () => {
    const result = await json(await api('POST', 'seed', { text: '{"a": 1,}' }))
    expect(result.status).toBe(400)
    expect(result.body.errors[0].message).toMatch(/^\[kvdev\]/)
    expect((await api('POST', 'seed?mode=wipe', { text: '{}' })).status).toBe(400)
    expect(await runtime.store().count()).toBe(0)
  })

  it('clears a prefix, with a dry run first', async () => {
    await runtime.store().write(['a:1', 'a:2', 'b:1'].map((key) => ({ key, value: 'v' })))
    expect((await json(await api('POST', 'clear?prefix=a:&dryRun=1'))).body).toEqual({ count: 2 })
    expect(await runtime.store().count()).toBe(3)
    expect((await json(await api('POST', 'clear?prefix=a:'))).body).toEqual({ deleted: 2 })
    expect(await runtime.store().count()).toBe(1)
  })

  it('exports json, ndjson and csv as attachments', async () => {
    await runtime.store().write([
      { key: 'a', value: '=1+1', metadata: { email: 'a@b.c' } },
      { key: 'b', value: 'two' },
    ])
    const exported = await api('GET', 'export')
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="kv-KV.json"')
    expect(await exported.json()).toEqual([
      { key: 'a', value: '=1+1', metadata: { email: 'a@b.c' } },
      { key: 'b', value: 'two' },
    ])
    const ndjson = await (await api('GET', 'export?format=ndjson&prefix=b')).text()
    expect(ndjson).toBe('{"key":"b","value":"two"}\n')
    const csv = await api('GET', 'export?format=csv')
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(await csv.text()).toMatch(/^key,size,type/)
    expect((await api('GET', 'export?format=xml')).status).toBe(400)
  })

  it('streams change events and stops listening when the client goes', async () => {
    const controller = new AbortController()
    const response = (await handle(
      new Request(`${ORIGIN}/__kv/api/events`, { signal: controller.signal }),
    ))!
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = decoder.decode((await reader.read()).value)
    expect(text).toBe(': connected\n\n')
    await runtime.env.KV!.put('live', '1')
    while (!text.includes('data: ')) text += decoder.decode((await reader.read()).value)
    const event = JSON.parse(
      text.slice(text.indexOf('data: ') + 6).split('\n\n')[0]!,
    ) as KvChangeEvent
    expect(event).toMatchObject({ binding: 'KV', kind: 'put', key: 'live' })
    // Once the client is gone, the stream ends and its listener is dropped.
    expect(listening).toBe(1)
    controller.abort()
    expect((await reader.read()).done).toBe(true)
    expect(listening).toBe(0)
  })

  it('drops the listener when the reader cancels the stream', async () => {
    const response = (await handle(new Request(`${ORIGIN}/__kv/api/events`)))!
    expect(listening).toBe(1)
    await response.body!.cancel()
    expect(listening).toBe(0)
  })

  it('lists personas and switches the active one through a cookie', async () => {
    expect((await json(await api('GET', 'users'))).body).toEqual({
      personas: [expect.objectContaining(ALICE), expect.objectContaining(BOB)],
      active: 'alice',
    })
    const chosen = await api('PUT', 'users/active', { sub: 'bob' })
    const cookie = chosen.headers.get('set-cookie')!
    expect(cookie).toBe('kvdev_user=bob; Path=/; SameSite=Strict; HttpOnly')
    const after = await json(
      await api('GET', 'users', undefined, { cookie: cookie.split(';')[0]! }),
    )
    expect(after.body.active).toBe('bob')
    expect((await api('PUT', 'users/active', { sub: 'anonymous' })).status).toBe(200)
    for (const sub of ['mallory', '__proto__', 'toString', 42]) {
      expect((await api('PUT', 'users/active', { sub })).status, String(sub)).toBe(400)
    }
  })

  it('answers unknown routes with 404 and wrong methods with 405', async () => {
    expect((await api('GET', 'nope')).status).toBe(404)
    expect((await api('GET', '__proto__')).status).toBe(404)
    expect((await api('GET', 'constructor')).status).toBe(404)
    const wrong = await api('POST', 'keys', {})
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('GET')
  })

  it('mounts the cloudflare rest api under api/client/v4, hardened', async () => {
    await runtime.store().write([{ key: 'cf', value: '1' }])
    const path = `${ORIGIN}/__kv/api/client/v4/accounts/local/storage/kv/namespaces/KV/keys`
    const response = (await handle(
      new Request(path, { headers: { authorization: `Bearer ${token}` } }),
    ))!
    expect(response.status).toBe(200)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.json()).toMatchObject({ success: true, result: [{ name: 'cf' }] })
    // Its writes pass the same guard: no token and no origin, no write.
    const value = `${ORIGIN}/__kv/api/client/v4/accounts/local/storage/kv/namespaces/KV/values/cf`
    const refused = (await handle(new Request(value, { method: 'DELETE' })))!
    expect(refused.status).toBe(403)
    expect(await runtime.env.KV!.get('cf')).toBe('1')
  })

  it('redirects the bare base to the page and answers 404 without an inspector page', async () => {
    const bare = (await handle(new Request(`${ORIGIN}/__kv?x=1`)))!
    expect(bare.status).toBe(302)
    expect(bare.headers.get('location')).toBe('/__kv/?x=1')
    expect((await handle(new Request(`${ORIGIN}/__kv/`)))!.status).toBe(404)
  })

  it('answers an unexpected failure with a short 500 and logs it', async () => {
    const logged: string[] = []
    const broken: KvRuntime = {
      ...runtime,
      store: () => ({ ...runtime.store(), stats: () => Promise.reject(new Error('disk on fire')) }),
    }
    const failing = createKvdevHandler({
      runtime: broken,
      token,
      personas: createPersonas(undefined),
      root: dir,
      logger: { error: (message) => logged.push(message) },
    })
    const result = await json((await failing(new Request(`${ORIGIN}/__kv/api/stats`)))!)
    expect(result).toEqual({
      status: 500,
      body: expect.objectContaining({
        errors: [
          { code: 10002, message: '[kvdev] Internal error in the KV API. See the dev server log.' },
        ],
      }),
    })
    expect(logged).toEqual(['[kvdev] GET /__kv/api/stats failed: disk on fire'])
  })

  it('answers HEAD on a GET route without changing anything', async () => {
    expect((await api('HEAD', 'info')).status).toBe(200)
  })

  it('keeps keys and metadata named after prototype properties as data', async () => {
    for (const key of ['__proto__', 'constructor', 'toString']) {
      expect(
        (
          await api('PUT', `value?key=${key}`, {
            value: key,
            metadata: JSON.parse(`{"__proto__":{"x":1},"constructor":"c"}`),
          })
        ).status,
        key,
      ).toBe(200)
      expect(await (await api('GET', `value?key=${key}`)).text()).toBe(key)
    }
    const { body } = await json(await api('GET', 'key?key=__proto__'))
    expect(Object.hasOwn(body.metadata, '__proto__')).toBe(true)
    expect(await runtime.store().count()).toBe(3)
  })
})
