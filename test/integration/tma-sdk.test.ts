import { request } from 'node:http'
import { createTMA, TMAError } from '@tma.sh/sdk'
import { requireUser, createKV as tmaCreateKV } from '@tma.sh/sdk/server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer } from '../../src/dev/start-dev-server'
import { createTmaKeys } from '../../src/services/tma/keys'
import {
  copyFixture,
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'

// The real `@tma.sh/sdk` from npm, unchanged, against a real `vite dev` with kvdev: its
// client in Node (here) and in Chromium (test/e2e/tma-sdk.test.ts), its server helpers in a
// route of the fixture project.

const ADA = { sub: 'ada', name: 'Ada Lovelace', email: 'ada@tma.dev', telegramId: 1001 }
const GRACE = { sub: 'grace', name: 'Grace Hopper', email: 'grace@tma.dev', telegramId: 1002 }

let app: FixtureServer
beforeAll(async () => {
  app = await startFixtureServer(copyFixture('tma-app'), { user: [ADA, GRACE], persist: false })
})
afterAll(async () => {
  await app?.close()
  if (app) removeDir(app.dir)
})

const initData = (id: number) =>
  new URLSearchParams({
    user: JSON.stringify({ id, first_name: 'Dev' }),
    auth_date: String(Math.floor(Date.now() / 1000)),
    hash: 'dev',
  }).toString()

const raw = (key: string) =>
  app.fetch(`/__kv/api/value?binding=KV&key=${encodeURIComponent(key)}`).then((r) => r.text())

/** The SDK keeps its token in a module variable: one signed-in user at a time, as in a page. */
async function signIn(id: number) {
  const tma = createTMA({ apiUrl: app.url, projectId: 'demo' })
  const result = await tma.auth.validate(initData(id), 'demo')
  return { tma, ...result }
}

describe('@tma.sh/sdk client against the dev server', () => {
  it('validates a persona named by the mock initData and answers a jwt and the telegram user', async () => {
    const { jwt, user } = await signIn(1002)
    expect(user).toEqual({
      telegramId: 1002,
      firstName: 'Grace',
      lastName: 'Hopper',
      username: 'grace',
    })
    expect(jwt.split('.')).toHaveLength(3)
    const empty = await createTMA({ apiUrl: app.url }).auth.validate('', 'demo')
    expect(empty.user.telegramId).toBe(1001) // no `user`: the selected persona, the first
    const unknown = createTMA({ apiUrl: app.url }).auth.validate(initData(42), 'demo')
    await expect(unknown).rejects.toMatchObject({
      code: 'HTTP_401',
      message:
        '[kvdev] No persona is Telegram user 42. Known: 1001 (Ada), 1002 (Grace). Give a persona `telegramId` to choose its id.',
    })
  })

  it('sets, gets, lists and removes project keys that the binding holds as json text', async () => {
    const { tma } = await signIn(1001)
    await tma.kv.set('settings/theme', { theme: 'dark' })
    expect(await raw('settings/theme')).toBe('{"theme":"dark"}')
    expect(await tma.kv.get('settings/theme')).toEqual({ theme: 'dark' })
    expect(await tma.kv.list('settings/')).toEqual({
      keys: [{ name: 'settings/theme' }],
      list_complete: true,
    })
    // Project scope: another user reads the same key.
    const grace = await signIn(1002)
    expect(await grace.tma.kv.get('settings/theme')).toEqual({ theme: 'dark' })
    await grace.tma.kv.remove('settings/theme')
    expect(await grace.tma.kv.get('settings/theme')).toBeNull()
    expect(await tma.kv.list('settings/')).toEqual({ keys: [], list_complete: true })
  })

  it("refuses values over tma's 128 KB and keys over 512 bytes, storing nothing", async () => {
    const { tma } = await signIn(1001)
    // 131,071 characters are 131,073 bytes as JSON: one past the cap.
    const over = tma.kv.set('big', 'x'.repeat(131_071))
    await expect(over).rejects.toBeInstanceOf(TMAError)
    await expect(over).rejects.toMatchObject({
      code: 'HTTP_400',
      message:
        '[kvdev] Value is 131073 bytes as JSON; this store takes values of at most 131072 bytes.',
    })
    await tma.kv.set('fits', 'x'.repeat(131_070))
    expect((await raw('fits')).length).toBe(131_072)
    const long = 'k'.repeat(513)
    // One call at a time: a call started early would reject with no handler yet.
    for (const call of [
      () => tma.kv.set(long, 1),
      () => tma.kv.get(long),
      () => tma.kv.remove(long),
    ])
      await expect(call()).rejects.toMatchObject({
        code: 'HTTP_414',
        message: '[kvdev] Key is 513 bytes; KV keys must be at most 512 bytes.',
      })
    expect((await app.fetch('/__kv/api/value?binding=KV&key=big')).status).toBe(404)
  })

  it('answers 401 to kv calls without a token or with a token of other keys', async () => {
    const other = await createTmaKeys()
    const forged = await other.sign({ telegramId: 1001, firstName: 'Ada' }, 'demo')
    for (const authorization of [undefined, `Bearer ${forged}`]) {
      const res = await app.fetch('/sdk/v1/kv/settings', {
        headers: authorization ? { authorization } : {},
      })
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ success: false })
    }
  })

  it('refuses a request a browser marks as another origin, and a host not allowed', async () => {
    const body = JSON.stringify({ initData: '', projectId: 'demo' })
    const foreign = await app.fetch('/sdk/v1/auth/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.localhost:9' },
      body,
    })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
    const own = await app.fetch('/sdk/v1/auth/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body,
    })
    expect(own.status).toBe(200)
    expect(own.headers.get('x-content-type-options')).toBe('nosniff')
    expect(own.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    expect(own.headers.get('cache-control')).toBe('no-store')
    // fetch cannot set Host: a DNS-rebound page's request, sent raw.
    const rebound = await new Promise<number>((done, fail) => {
      const req = request(`${app.url}/sdk/v1/auth/validate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: 'evil.example' },
      })
      req.on('response', (res) => done(res.resume().statusCode ?? 0)).on('error', fail)
      req.end(body)
    })
    expect(rebound).toBe(403)
  })
})

describe('@tma.sh/sdk server helpers in a route', () => {
  it('requireUser() verifies the jwt with env.TMA_JWKS and the route reads and writes with createKV', async () => {
    const { jwt } = await signIn(1002)
    const res = await app.fetch('/api/me', { headers: { authorization: `Bearer ${jwt}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      user: {
        telegramId: 1002,
        firstName: 'Grace',
        lastName: 'Hopper',
        username: 'grace',
        projectId: 'demo',
      },
      visit: { user: 'Grace' },
      names: ['visits:1002'],
    })
    expect((await app.fetch('/api/me')).status).toBe(401)
    const other = await createTmaKeys()
    const forged = await other.sign({ telegramId: 1002, firstName: 'Grace' }, 'demo')
    const refused = await app.fetch('/api/me', { headers: { authorization: `Bearer ${forged}` } })
    expect(refused.status).toBe(401)
  })

  it('requireUser() accepts tokens of the same keys in a plain hono app given TMA_JWKS', async () => {
    const keys = await createTmaKeys()
    const plain = new Hono().use(requireUser()).get('/', (c) => c.json(c.get('user' as never)))
    const jwt = await keys.sign({ telegramId: 7, firstName: 'Seven' }, 'p')
    const res = await plain.request(
      '/',
      { headers: { authorization: `Bearer ${jwt}` } },
      {
        TMA_JWKS: keys.jwks,
      },
    )
    expect(await res.json()).toEqual({ telegramId: 7, firstName: 'Seven', projectId: 'p' })
    expect(typeof tmaCreateKV).toBe('function')
  })
})

describe('@tma.sh/sdk against kvdev dev', () => {
  it('serves the same endpoints and TMA_JWKS on the standalone dev server', async () => {
    const dir = copyFixture('tma-app')
    const dev = await startDevServer({ root: dir, port: 0, user: [ADA], persist: false })
    try {
      const tma = createTMA({ apiUrl: dev.url })
      const { jwt, user } = await tma.auth.validate(initData(1001), 'demo')
      expect(user.firstName).toBe('Ada')
      await tma.kv.set('standalone', [1, 2])
      expect(await tma.kv.get('standalone')).toEqual([1, 2])
      const me = await fetch(`${dev.url}/api/me`, { headers: { authorization: `Bearer ${jwt}` } })
      expect((await me.json()).user.telegramId).toBe(1001)
    } finally {
      await dev.close()
      removeDir(dir)
    }
  })
})

// Last: kvdev closes the connection of a refused upload, which the client's pool may still hold.
describe('@tma.sh/sdk client: an upload far past the cap', () => {
  it('is refused with 413 before it is read, storing nothing', async () => {
    const { tma } = await signIn(1001)
    await expect(tma.kv.set('big', 'x'.repeat(300_000))).rejects.toMatchObject({
      code: 'HTTP_413',
    })
    // kvdev closes the connection of a refused upload: ask on a fresh one.
    const status = await new Promise<number>((done, fail) =>
      request(`${app.url}/__kv/api/value?binding=KV&key=big`, { agent: false }, (res) =>
        done(res.resume().statusCode ?? 0),
      )
        .on('error', fail)
        .end(),
    )
    expect(status).toBe(404)
  })
})
