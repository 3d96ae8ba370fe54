import { sign } from 'hono/jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { kvRest } from '../../src/rest'
import { toOpenApiPath } from '../../src/services/rest/open-api'
import { type JwksServer, startJwksServer } from '../helpers/jwks-server'

let kv: KvRuntime
let jwks: JwksServer

beforeAll(async () => {
  kv = await createKvRuntime({ persist: false })
  jwks = await startJwksServer()
})
afterAll(async () => {
  await kv?.dispose()
  await jwks?.close()
})

const KEY = 'dev-only-key'
const json = { 'content-type': 'application/json' }
const now = () => Math.floor(Date.now() / 1000)

function call(
  app: ReturnType<typeof kvRest>,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  env: Record<string, unknown> = { KV_API_KEY: KEY },
) {
  return app.request(
    path,
    {
      method: init.method ?? 'GET',
      headers: { ...json, authorization: `Bearer ${KEY}`, ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    },
    { KV: kv.env.KV, ...env },
  )
}

describe('kvRest: @workertown/kv wire format', () => {
  const app = kvRest()

  it('stores json under the rest of the path and answers { status, success, data }', async () => {
    const put = await call(app, '/v1/kv/flags/beta%20users', {
      method: 'PUT',
      body: { value: { on: true, users: [1, 2] } },
    })
    expect(put.status).toBe(200)
    expect(await put.json()).toEqual({
      status: 200,
      success: true,
      data: { on: true, users: [1, 2] },
    })
    expect(await kv.env.KV!.get('flags/beta users')).toBe('{"on":true,"users":[1,2]}')
    const get = await call(app, '/v1/kv/flags/beta%20users')
    expect(await get.json()).toEqual({
      status: 200,
      success: true,
      data: { on: true, users: [1, 2] },
    })
    const del = await call(app, '/v1/kv/flags/beta%20users', { method: 'DELETE' })
    expect(await del.json()).toEqual({ status: 200, success: true, data: true })
    const gone = await call(app, '/v1/kv/flags/beta%20users')
    expect(gone.status).toBe(404)
    // Upstream's miss is a success with no data (`packages/kv/src/routers/v1/kv.ts`).
    expect(await gone.json()).toEqual({ status: 404, success: true, data: null })
  })

  it('stores a ttl as expiration and refuses one below 60 seconds as workers kv does', async () => {
    await call(app, '/v1/kv/ttl', { method: 'PUT', body: { value: 'soon', ttl: 3600 } })
    const { keys } = await kv.env.KV!.list({ prefix: 'ttl' })
    expect(keys[0]?.expiration).toBeGreaterThanOrEqual(now() + 3590)
    const short = await call(app, '/v1/kv/short', { method: 'PUT', body: { value: 1, ttl: 30 } })
    expect(short.status).toBe(400)
    expect(await short.json()).toEqual({
      status: 400,
      success: false,
      data: null,
      errors: [
        {
          location: 'body',
          path: ['ttl'],
          message:
            '[kvdev] Invalid expiration_ttl: 30. Expiration TTL must be an integer of at least 60 seconds.',
        },
      ],
    })
    expect(await kv.env.KV!.get('short')).toBeNull()
  })

  it('refuses bad json, a missing value, oversized keys and non-json bodies, writing nothing', async () => {
    const raw = (body: string, headers: Record<string, string> = json) =>
      app.request(
        '/v1/kv/bad',
        { method: 'PUT', headers: { ...headers, 'x-api-key': KEY }, body },
        {
          KV: kv.env.KV,
          KV_API_KEY: KEY,
        },
      )
    const badJson = await raw('{"value":')
    expect(badJson.status).toBe(400)
    // @workertown/kv's validation failure: `errors: [{ location, path, message }]`.
    const [notJson] = (await badJson.json()).errors
    expect(notJson).toMatchObject({ location: 'body', path: [] })
    expect(notJson.message).toMatch(/^\[kvdev\] Body is not JSON: /)
    const missing = await raw('{"ttl":120}')
    expect(missing.status).toBe(400)
    expect((await missing.json()).errors).toEqual([
      {
        location: 'body',
        path: ['value'],
        message: '[kvdev] Missing `value`. Send `{ "value": <JSON value> }`.',
      },
    ])
    expect((await raw('{"value":1}', { 'content-type': 'text/plain' })).status).toBe(415)
    const long = await call(app, `/v1/kv/${'k'.repeat(513)}`, { method: 'PUT', body: { value: 1 } })
    expect(long.status).toBe(414)
    expect((await long.json()).error).toMatch(/is 513 bytes; KV keys must be at most 512 bytes\.$/)
    expect(await kv.env.KV!.get('bad')).toBeNull()
  })

  it('gives the resolved endpoints at the admin info route', async () => {
    const custom = kvRest({ basePath: '/kv-api', endpoints: { v1: { kv: '/store' } } })
    const res = await call(custom, '/kv-api/v1/admin/info')
    expect((await res.json()).data).toEqual({
      binding: 'KV',
      basePath: '/kv-api',
      endpoints: {
        v1: { kv: '/kv-api/store', admin: '/kv-api/v1/admin' },
        public: '/kv-api',
        items: '/kv-api/kv/items',
      },
      auth: ['api key'],
    })
    expect(
      (await call(custom, '/kv-api/store/a', { method: 'PUT', body: { value: 1 } })).status,
    ).toBe(200)
  })

  it('documents exactly the routes it serves in open-api.json', async () => {
    const doc = (await (await app.request('/open-api.json')).json()) as {
      openapi: string
      paths: Record<string, Record<string, unknown>>
    }
    expect(doc.openapi).toBe('3.0.0')
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    )
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'OPTIONS')
        .map((r) => `${r.method} ${toOpenApiPath(r.path)}`),
    )
    expect(new Set(documented)).toEqual(served)
    for (const entry of documented) {
      const [method, path] = entry.split(' ') as [string, string]
      const res = await call(app, path.replace('{key}', 'doc/probe'), {
        method,
        body: method === 'PUT' ? { value: 1 } : undefined,
      })
      // The route's own answer (a JSON body), never the router's plain-text 404.
      expect(res.status, entry).toBeLessThan(405)
      expect(res.headers.get('content-type'), entry).toMatch(/^application\/json/)
    }
  })

  it('serves nested under another app with app.route', async () => {
    const { Hono } = await import('hono')
    const outer = new Hono().route('/kv-api', kvRest())
    const res = await outer.request(
      '/kv-api/v1/kv/a/b',
      { method: 'PUT', headers: { ...json, 'x-api-key': KEY }, body: '{"value":[1]}' },
      { KV: kv.env.KV, KV_API_KEY: KEY },
    )
    expect(await res.json()).toEqual({ status: 200, success: true, data: [1] })
    expect(await kv.env.KV!.get('a/b')).toBe('[1]')
  })
})

describe('kvRest: rocketstack wire format', () => {
  const app = kvRest()

  it('puts with ttlSeconds, gets { data: { value } } and deletes', async () => {
    const value = { userId: 'usr_abc123', cart: [{ sku: 'item_1', qty: 2 }] }
    const put = await call(app, '/kv/items/session-usr_abc123', {
      method: 'PUT',
      body: { value, ttlSeconds: 86400 },
    })
    expect(put.status).toBe(200)
    const { keys } = await kv.env.KV!.list({ prefix: 'session-usr_abc123' })
    expect(keys[0]?.expiration).toBeGreaterThanOrEqual(now() + 86390)
    const get = await call(app, '/kv/items/session-usr_abc123')
    expect((await get.json()).data.value).toEqual(value)
    expect((await call(app, '/kv/items/session-usr_abc123', { method: 'DELETE' })).status).toBe(200)
    const miss = await call(app, '/kv/items/session-usr_abc123')
    expect(miss.status).toBe(404)
    expect(miss.ok).toBe(false)
  })

  it('refuses a ttlSeconds below 60', async () => {
    const res = await call(app, '/kv/items/x', {
      method: 'PUT',
      body: { value: 1, ttlSeconds: 59 },
    })
    expect(res.status).toBe(400)
    expect(await kv.env.KV!.get('x')).toBeNull()
  })
})

describe('kvRest keys over 512 bytes (issue 18, item 6)', () => {
  const app = kvRest()
  const long = 'k'.repeat(513)

  it('answers 414 with the rule on get, put and delete of both wire formats', async () => {
    for (const path of [`/v1/kv/${long}`, `/kv/items/${long}`]) {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const res = await call(app, path, {
          method,
          body: method === 'PUT' ? { value: 1 } : undefined,
        })
        expect(res.status, `${method} ${path.slice(0, 12)}`).toBe(414)
        expect((await res.json()).error).toBe(
          '[kvdev] Key is 513 bytes; KV keys must be at most 512 bytes.',
        )
      }
    }
  })

  it('takes a key of exactly 512 bytes', async () => {
    const key = 'k'.repeat(512)
    expect((await call(app, `/v1/kv/${key}`, { method: 'PUT', body: { value: 1 } })).status).toBe(
      200,
    )
    expect((await call(app, `/v1/kv/${key}`)).status).toBe(200)
    expect((await call(app, `/kv/items/${key}`, { method: 'DELETE' })).status).toBe(200)
  })
})

describe('kvRest auth', () => {
  const app = kvRest()
  const get = (headers: Record<string, string>, env: Record<string, unknown>) =>
    app.request('/v1/kv/auth-probe', { headers }, { KV: kv.env.KV, ...env })
  const basic = (user: string, pass: string) => `Basic ${btoa(`${user}:${pass}`)}`

  it('accepts the api key as a bearer token or x-api-key and refuses a wrong one', async () => {
    const env = { KV_API_KEY: KEY }
    expect((await get({ authorization: `Bearer ${KEY}` }, env)).status).toBe(404)
    expect((await get({ 'x-api-key': KEY }, env)).status).toBe(404)
    const wrong = await get({ authorization: 'Bearer nope' }, env)
    expect(wrong.status).toBe(401)
    expect((await wrong.json()).error).toBe('Unauthorized')
    expect(wrong.headers.get('x-workertown-hint')).toMatch(
      /^\[kvdev\] Unauthorized: no configured strategy \(api key\)/,
    )
    expect((await get({ 'x-api-key': 'nope' }, env)).status).toBe(401)
    expect((await get({}, env)).status).toBe(401)
  })

  it('accepts an x-api-key with characters a bearer token cannot hold', async () => {
    const env = { KV_API_KEY: 'key with spaces: and !#' }
    expect((await get({ 'x-api-key': 'key with spaces: and !#' }, env)).status).toBe(404)
    expect((await get({ 'x-api-key': 'key with spaces: and !' }, env)).status).toBe(401)
  })

  it('accepts http basic and refuses wrong credentials', async () => {
    const env = { KV_USERNAME: 'admin', KV_PASSWORD: 's3cret' }
    expect((await get({ authorization: basic('admin', 's3cret') }, env)).status).toBe(404)
    expect((await get({ authorization: basic('admin', 'wrong') }, env)).status).toBe(401)
    expect((await get({ authorization: basic('other', 's3cret') }, env)).status).toBe(401)
  })

  it('accepts a jwt signed with the fixed secret and checks expiry, issuer and audience', async () => {
    const env = {
      KV_JWT_SECRET: 'jwt-secret',
      KV_JWT_ISSUER: 'https://issuer.test',
      KV_JWT_AUDIENCE: 'kv',
    }
    const claims = { iss: 'https://issuer.test', aud: 'kv', exp: now() + 600 }
    const bearer = async (payload: object, secret = 'jwt-secret') => ({
      authorization: `Bearer ${await sign(payload as never, secret)}`,
    })
    expect((await get(await bearer(claims), env)).status).toBe(404)
    expect((await get(await bearer(claims, 'other-secret'), env)).status).toBe(401)
    expect((await get(await bearer({ ...claims, exp: now() - 10 }), env)).status).toBe(401)
    expect((await get(await bearer({ ...claims, iss: 'https://evil.test' }), env)).status).toBe(401)
    expect((await get(await bearer({ ...claims, aud: 'other' }), env)).status).toBe(401)
  })

  it('accepts a jwt verified against a jwks url and refuses wrong issuer, audience or expiry', async () => {
    const env = {
      KV_JWKS_URL: jwks.url,
      KV_JWT_ISSUER: 'https://issuer.test',
      KV_JWT_AUDIENCE: 'kv',
    }
    const claims = { iss: 'https://issuer.test', aud: 'kv', exp: now() + 600 }
    const bearer = async (payload: object) => ({
      authorization: `Bearer ${await jwks.sign(payload as never)}`,
    })
    expect((await get(await bearer(claims), env)).status).toBe(404)
    expect((await get(await bearer({ ...claims, exp: now() - 10 }), env)).status).toBe(401)
    expect((await get(await bearer({ ...claims, iss: 'https://evil.test' }), env)).status).toBe(401)
    expect((await get(await bearer({ ...claims, aud: 'other' }), env)).status).toBe(401)
    const hs = await sign({ ...claims } as never, 'guess')
    expect((await get({ authorization: `Bearer ${hs}` }, env)).status).toBe(401)
  })

  it('passes a request when any of several configured strategies accepts it', async () => {
    const env = {
      KV_API_KEY: KEY,
      KV_USERNAME: 'admin',
      KV_PASSWORD: 's3cret',
      KV_JWT_SECRET: 'jwt-secret',
    }
    const token = await sign({ sub: 'svc', exp: now() + 60 } as never, 'jwt-secret')
    expect((await get({ authorization: `Bearer ${KEY}` }, env)).status).toBe(404)
    expect((await get({ authorization: basic('admin', 's3cret') }, env)).status).toBe(404)
    expect((await get({ authorization: `Bearer ${token}` }, env)).status).toBe(404)
    expect((await get({ authorization: 'Bearer nope' }, env)).status).toBe(401)
  })

  it('takes credentials from options.auth as well as from the environment', async () => {
    const configured = kvRest({ auth: { apiKey: { apiKey: 'from-options' } } })
    const res = await configured.request(
      '/v1/kv/auth-probe',
      { headers: { 'x-api-key': 'from-options' } },
      { KV: kv.env.KV },
    )
    expect(res.status).toBe(404)
  })

  it('refuses every request and says how to configure a strategy when none is configured', async () => {
    const res = await get({ authorization: `Bearer ${KEY}` }, {})
    expect(res.status).toBe(401)
    expect((await res.json()).error).toBe('Unauthorized')
    expect(res.headers.get('x-workertown-hint')).toMatch(
      /^\[kvdev\] No auth strategy is configured .*KV_API_KEY.*`auth: false`/,
    )
    const put = await app.request(
      '/kv/items/x',
      { method: 'PUT', headers: json, body: '{"value":1}' },
      { KV: kv.env.KV },
    )
    expect(put.status).toBe(401)
    expect(await kv.env.KV!.get('x')).toBeNull()
  })

  it('serves without credentials only when auth: false is passed', async () => {
    const open = kvRest({ auth: false })
    expect((await open.request('/v1/kv/auth-probe', {}, { KV: kv.env.KV })).status).toBe(404)
  })
})
