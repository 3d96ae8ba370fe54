import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADA,
  copyProject,
  type FixtureServer,
  GRACE,
  PLAYGROUND_DIR,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'

// The playground's own route files and seed, on a copy (its store stays untouched).

let app: FixtureServer

beforeAll(async () => {
  app = await startFixtureServer(copyProject(PLAYGROUND_DIR, ['vite.config.ts', 'tsconfig.json']), {
    user: [ADA, GRACE],
  })
})

afterAll(async () => {
  await app?.close()
  if (app) removeDir(app.dir)
})

async function call(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await app.fetch(`/api/${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  return { status: response.status, headers: response.headers, body: await response.json() }
}

describe('playground routes', () => {
  it('reads feature flags seeded under config: and vars from wrangler.jsonc', async () => {
    const { body } = await call('flags')
    expect(body.data).toMatchObject({
      showLeaderboard: true,
      banner: 'Welcome to the kvdev playground',
    })
    expect(body.game).toBe('KV Clicker')
  })

  it('serves the leaderboard cache-aside and drops the cache on a new best', async () => {
    const first = await call('leaderboard')
    expect(first.body.cached).toBe(false)
    expect(first.body.data.map((e: { name: string }) => e.name)).toEqual([
      'Alan Turing',
      'Katherine Johnson',
    ])
    expect((await call('leaderboard')).body.cached).toBe(true)
    expect(
      (await call('leaderboard', { method: 'POST', body: { score: 500 } })).body.data.best,
    ).toBe(500)
    const after = await call('leaderboard')
    expect(after.body.cached).toBe(false)
    expect(after.body.data[0]).toEqual({ sub: ADA.sub, name: ADA.name, score: 500 })
    expect((await call(`players/${ADA.sub}`)).body.data).toEqual({
      sub: ADA.sub,
      name: ADA.name,
      best: 500,
    })
    expect((await call('players/nobody')).status).toBe(404)
  })

  it('rate-limits score submissions per player with 429 and retry-after', async () => {
    const headers = { 'x-kvdev-user': GRACE.sub }
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (await call('leaderboard', { method: 'POST', body: { score: i }, headers })).status,
      )
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true)
    const limited = await call('leaderboard', { method: 'POST', body: { score: 1 }, headers })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another player has a window of their own.
    expect((await call('leaderboard', { method: 'POST', body: { score: 1 } })).status).toBe(200)
  })

  it('keeps a login session in kv behind a cookie', async () => {
    const login = await app.fetch('/api/session/login', { method: 'POST' })
    expect(login.status).toBe(200)
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
    const me = await call('session/me', { headers: { cookie } })
    expect(me.body.data).toMatchObject({ sub: ADA.sub, name: ADA.name })
    await call('session/logout', { method: 'POST', headers: { cookie } })
    expect((await call('session/me', { headers: { cookie } })).body.data).toBeNull()
  })

  it('stores save slots through the catch-all route', async () => {
    expect((await call('saves/world-1/slot-2')).status).toBe(404)
    await call('saves/world-1/slot-2', { method: 'PUT', body: { coins: 3 } })
    expect((await call('saves/world-1/slot-2')).body.data).toEqual({ coins: 3 })
    expect(
      (await call('saves/world-1/slot-2', { headers: { 'x-kvdev-user': GRACE.sub } })).status,
    ).toBe(404)
  })

  it('answers signed-out players with 401', async () => {
    const anonymous = { 'x-kvdev-user': 'anonymous' }
    expect((await call('player-state', { headers: anonymous })).status).toBe(401)
    expect((await call('whoami', { headers: anonymous })).body.data).toBeNull()
  })
})
