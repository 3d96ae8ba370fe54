import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import {
  copyFixture,
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'

const servers: FixtureServer[] = []

async function start(options: Parameters<typeof startFixtureServer>[1]) {
  const app = await startFixtureServer(copyFixture('plugin-realism'), { seed: false, ...options })
  servers.push(app)
  return app
}

afterAll(async () => {
  for (const app of servers) {
    await app.close()
    removeDir(app.dir)
  }
})

/** Three requests one after another, milliseconds apart: Workers KV takes one write a second per key. */
async function burst(app: FixtureServer, path: string) {
  const results: { status: number; body: { error?: string } }[] = []
  for (let i = 0; i < 3; i++) {
    const response = await app.fetch(path, { method: 'POST' })
    results.push({ status: response.status, body: await response.json() })
  }
  return results
}

describe('realism: per-key write rate (issue 15)', () => {
  let app: FixtureServer
  beforeAll(async () => {
    app = await start({ realism: { writeRateLimit: true } })
  })

  it("fails the guide's rate-limit counter as workers kv does, with its 429", async () => {
    const results = await burst(app, '/api/limited')
    const failed = results.filter((r) => r.status === 500)
    expect(failed.length).toBeGreaterThan(0)
    for (const { body } of failed)
      expect(body.error).toContain('KV PUT failed: 429 Too Many Requests')
  })

  it('keeps a route that writes one key per event working', async () => {
    const results = await burst(app, '/api/events')
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
  })

  it('shows the mode to the inspector', async () => {
    expect(await (await app.fetch('/__kv/api/realism')).json()).toEqual({
      modes: ['write rate 1/s per key'],
    })
  })
})

describe('realism: propagation delay (issue 15)', () => {
  let app: FixtureServer
  beforeAll(async () => {
    app = await start({ realism: { propagationDelay: true } })
  })
  const at = (location?: string) => (location ? { 'x-kvdev-location': location } : undefined)
  const read = async (location?: string) =>
    (await (await app.fetch('/api/flag', { headers: at(location) })).json()).value

  it('answers a write at once at the location that made it', async () => {
    expect(await read('us')).toBeNull()
    const put = await app.fetch('/api/flag', { method: 'PUT', headers: at('eu'), body: 'on' })
    expect(await put.json()).toEqual({ value: 'on' })
    expect(await read('eu')).toBe('on')
  })

  it('breaks a read-after-write from another location, as workers kv does', async () => {
    // 'us' read the key while it was missing: it keeps answering null for the delay.
    expect(await read('us')).toBeNull()
    expect(await read()).toBeNull()
  })

  it('shows the mode to the inspector', async () => {
    expect(await (await app.fetch('/__kv/api/realism')).json()).toEqual({
      modes: ['propagation 60 s'],
      location: 'local',
    })
  })

  it("runs a browser's requests at the location the inspector sets", async () => {
    const set = await app.fetch('/__kv/api/location', {
      method: 'PUT',
      headers: { origin: app.url, 'content-type': 'application/json' },
      body: JSON.stringify({ location: 'eu' }),
    })
    expect(await set.json()).toEqual({ ok: true, location: 'eu' })
    const cookie = set.headers.get('set-cookie')!.split(';')[0]!
    expect(cookie).toBe('kvdev_location=eu')
    // 'eu' wrote the flag: its requests see it, 'local' ones still do not.
    expect((await (await app.fetch('/api/flag', { headers: { cookie } })).json()).value).toBe('on')
    expect(await read()).toBeNull()
    const bad = await app.fetch('/__kv/api/location', {
      method: 'PUT',
      headers: { origin: app.url, 'content-type': 'application/json' },
      body: JSON.stringify({ location: 'a b' }),
    })
    expect(bad.status).toBe(400)
  })
})

describe('realism: limit profiles (issue 15)', () => {
  let app: FixtureServer
  beforeAll(async () => {
    app = await start({ realism: { limits: 'tma' } })
  })

  it('refuses a value over 128 KB under the tma profile', async () => {
    const response = await app.fetch(`/api/blob?bytes=${200 * 1024}`, { method: 'PUT' })
    expect(response.status).toBe(500)
    expect((await response.json()).error).toContain(
      'KV PUT failed: 413 Value length of 204800 exceeds limit of 131072.',
    )
  })

  it('stores a value within 128 KB', async () => {
    const response = await app.fetch(`/api/blob?bytes=${100 * 1024}`, { method: 'PUT' })
    expect(await response.json()).toEqual({ stored: 102400 })
  })
})

describe('realism: off by default (issue 15)', () => {
  it('lets the counter rewrite its key at any rate and shows no mode', async () => {
    const app = await start({})
    const results = await burst(app, '/api/limited')
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    const big = await app.fetch(`/api/blob?bytes=${200 * 1024}`, { method: 'PUT' })
    expect(big.status).toBe(200)
    expect(await (await app.fetch('/__kv/api/realism')).json()).toEqual({ modes: [] })
  })
})

describe('realism in createKvRuntime (issue 15)', () => {
  it('takes the same object and fails a second write to a key at once', async () => {
    const kv = await createKvRuntime({
      persist: false,
      realism: { writeRateLimit: true, limits: 'tma' },
    })
    try {
      expect(kv.realism.modes).toEqual(['write rate 1/s per key', 'limits tma'])
      await kv.env.KV!.put('counter', '1')
      await expect(kv.env.KV!.put('counter', '2')).rejects.toThrow(
        'KV PUT failed: 429 Too Many Requests',
      )
      expect(await kv.env.KV!.get('counter')).toBe('1')
      // New options (a Vite restart with an edited config) apply to the running bindings.
      kv.setRealism({})
      expect(kv.realism.modes).toEqual([])
      await kv.env.KV!.put('counter', '3')
      await kv.env.KV!.put('counter', '4')
      expect(await kv.env.KV!.get('counter')).toBe('4')
    } finally {
      await kv.dispose()
    }
  })
})
