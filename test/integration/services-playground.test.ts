import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linkKvdevPackage } from '../fixtures/plugin-support/link-kvdev'
import {
  ADA,
  copyProject,
  type FixtureServer,
  GRACE,
  PLAYGROUND_DIR,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'
import { runRocketStackExamples, runWorkertownExamples } from '../helpers/document-examples'
import { expectRocketStack, expectWorkertown } from '../helpers/document-expectations'

// The playground's route files (`kvRest`, `userKv`, `createKV`) in a real `vite dev`.
const DEV_KEY = 'playground-dev-key' // playground/.dev.vars

let app: FixtureServer

beforeAll(async () => {
  const dir = copyProject(PLAYGROUND_DIR, ['vite.config.ts', 'tsconfig.json'])
  linkKvdevPackage(dir)
  app = await startFixtureServer(dir, { user: [ADA, GRACE], persist: false })
})
afterAll(async () => {
  await app?.close()
  if (app) removeDir(app.dir)
})

describe('kvRest as a kvdev route file', () => {
  it('runs rocketstack kv examples as written, with only the base url and key changed', async () => {
    expectRocketStack(await runRocketStackExamples(`${app.url}/api/rest`, DEV_KEY))
  })

  it('runs @workertown/kv v1 calls as documented under /api/rest', async () => {
    expectWorkertown(await runWorkertownExamples(`${app.url}/api/rest`, DEV_KEY))
  })

  it('stores under exactly the key, as json text, where c.env.KV and the inspector see it', async () => {
    const headers = { authorization: `Bearer ${DEV_KEY}`, 'content-type': 'application/json' }
    await app.fetch('/api/rest/v1/kv/shared/a%20b/c', {
      method: 'PUT',
      headers,
      body: JSON.stringify({ value: { n: 1 } }),
    })
    const keys = await (await app.fetch('/__kv/api/keys?binding=KV&prefix=shared/')).json()
    expect(JSON.stringify(keys)).toContain('shared/a b/c')
    const res = await app.fetch('/__kv/api/value?binding=KV&key=shared%2Fa%20b%2Fc')
    expect(await res.text()).toBe('{"n":1}')
  })

  it('refuses a request without the key from .dev.vars', async () => {
    const res = await app.fetch('/api/rest/kv/items/x', {
      headers: { authorization: 'Bearer wrong' },
    })
    expect(res.status).toBe(401)
  })
})

describe('userKv as a kvdev route file', () => {
  const call = (persona: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    app.fetch(`/api/kv/${path}`, {
      method: init.method ?? 'GET',
      headers: { 'x-kvdev-user': persona, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })

  it('scopes every key to the signed-in player, so two players never see each other', async () => {
    expect(
      (
        await call(ADA.sub, 'values/preferences', {
          method: 'PUT',
          body: { value: { theme: 'dark' } },
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await call(GRACE.sub, 'values/preferences', {
          method: 'PUT',
          body: { value: { theme: 'light' } },
        })
      ).status,
    ).toBe(200)
    expect((await (await call(ADA.sub, 'values/preferences')).json()).data).toEqual({
      theme: 'dark',
    })
    expect((await (await call(GRACE.sub, 'values/preferences')).json()).data).toEqual({
      theme: 'light',
    })
    const ada = await (await call(ADA.sub, 'keys?prefix=')).json()
    expect(ada.data).toEqual({ keys: [{ name: 'preferences' }], list_complete: true })
    // Grace cannot reach Ada's key through the path, nor delete it.
    const traversal = `values/${encodeURIComponent(`../user:${ADA.sub}:preferences`)}`
    expect((await (await call(GRACE.sub, traversal)).json()).data).toBeNull()
    await call(GRACE.sub, 'values/preferences', { method: 'DELETE' })
    expect((await (await call(ADA.sub, 'values/preferences')).json()).data).toEqual({
      theme: 'dark',
    })
    const raw = await app.fetch(
      `/__kv/api/value?binding=KV&key=${encodeURIComponent(`user:${ADA.sub}:preferences`)}`,
    )
    expect(await raw.text()).toBe('{"theme":"dark"}')
  })

  it('answers 401 when no player is signed in', async () => {
    const res = await call('anonymous', 'values/preferences')
    expect(res.status).toBe(401)
    expect((await res.json()).error).toMatch(/^\[kvdev\] Not signed in/)
  })

  it('refuses writes that are not application/json and values over 128 KB', async () => {
    const text = await app.fetch('/api/kv/values/p', {
      method: 'PUT',
      headers: { 'x-kvdev-user': ADA.sub, 'content-type': 'text/plain' },
      body: '{"value":1}',
    })
    expect(text.status).toBe(415)
    const big = await call(ADA.sub, 'values/big', {
      method: 'PUT',
      body: { value: 'x'.repeat(131_072) },
    })
    expect(big.status).toBe(400)
    expect((await big.json()).error).toMatch(/this store takes values of at most 131072 bytes/)
    expect((await (await call(ADA.sub, 'values/big')).json()).data).toBeNull()
  })
})

describe('createKV in a kvdev route', () => {
  it('serves the feed cache-aside from cache:feed with a one-hour ttl', async () => {
    const first = await (await app.fetch('/api/feed')).json()
    expect(first.cached).toBe(false)
    const second = await (await app.fetch('/api/feed')).json()
    expect(second).toEqual({ ...first, cached: true })
  })
})
