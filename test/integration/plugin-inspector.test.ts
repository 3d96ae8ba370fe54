import { readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  copyFixture,
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'

const ADA = { sub: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' }
const BOB = { sub: 'bob', name: 'Bob Byte', email: 'bob@example.com' }

let app: FixtureServer

/** fetch() will not send a forged Host header; node:http will. */
function getStatusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.once('error', reject)
    req.end()
  })
}

// The fixture has seeds/kv.json: the default `seed` loads it into the empty store.
beforeAll(async () => {
  app = await startFixtureServer(copyFixture('plugin-routes'), { user: [ADA, BOB] })
})

afterAll(async () => {
  await app?.close()
  if (app) removeDir(app.dir)
})

describe('plugin inspector mount', () => {
  it('answers /__kv itself before the spa fallback', async () => {
    const bare = await app.fetch('/__kv', { redirect: 'manual' })
    expect(bare.status).toBe(302)
    expect(new URL(bare.headers.get('location')!, app.url).pathname).toBe('/__kv/')
    const page = await app.fetch('/__kv/')
    // The built inspector, or the page saying it is not built: never Vite's index.html.
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('kvdev')
  })

  it('serves the kv api under /__kv with every binding', async () => {
    const response = await app.fetch('/__kv/api/info')
    expect(response.status).toBe(200)
    const info = await response.json()
    expect(info.bindings.map((b: { binding: string }) => b.binding)).toEqual(['KV', 'CACHE'])
    expect(info.seedFile).toContain('kv.json')
  })

  it('seeds an empty store from seeds/kv.json at start', async () => {
    const response = await app.fetch(
      `/__kv/api/key?key=${encodeURIComponent('config:feature-flags')}`,
    )
    expect(response.status).toBe(200)
    expect(JSON.parse((await response.json()).preview)).toEqual({ beta: true })
    expect(app.logs.some((l) => l.message.includes('Seeded 1 keys into KV'))).toBe(true)
  })

  it('shows keys written by a route, with identity metadata', async () => {
    await app.fetch('/api/player-state', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kvdev-user': 'bob' },
      body: JSON.stringify({ score: 3, level: 1 }),
    })
    const { keys } = await (await app.fetch('/__kv/api/keys?prefix=user:')).json()
    expect(keys).toEqual([
      expect.objectContaining({
        name: 'user:bob:state',
        metadata: { email: BOB.email, name: BOB.name },
      }),
    ])
  })

  it('switches the app persona through the inspector cookie', async () => {
    const switched = await app.fetch('/__kv/api/users/active', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ sub: 'bob' }),
    })
    expect(switched.status).toBe(200)
    const cookie = switched.headers.getSetCookie()[0]!.split(';')[0]!
    const admin = await (await app.fetch('/api/admin', { headers: { cookie } })).json()
    expect(admin.user).toBe('bob')
  })

  it('refuses a foreign host and a cross-origin write', async () => {
    expect(await getStatusWithHost(`${app.url}/__kv/api/info`, 'evil.example')).toBe(403)
    expect(await getStatusWithHost(`${app.url}/__kv/api/info`, 'localhost')).toBe(200)
    const write = await app.fetch('/__kv/api/value?key=x', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:9999' },
      body: JSON.stringify({ value: 'x' }),
    })
    expect(write.status).toBe(403)
  })

  it('announces a seed file edit without reseeding', async () => {
    const file = join(app.dir, 'seeds/kv.json')
    writeFileSync(file, readFileSync(file, 'utf8').replace('true', 'false'))
    await vi.waitFor(() =>
      expect(app.logs.some((l) => l.message.includes('seeds/kv.json changed'))).toBe(true),
    )
    const response = await app.fetch(
      `/__kv/api/key?key=${encodeURIComponent('config:feature-flags')}`,
    )
    expect(JSON.parse((await response.json()).preview)).toEqual({ beta: true })
  })

  it('prints the inspector url under the vite banner', () => {
    app.server.printUrls()
    expect(
      app.logs.some((l) => /KV inspector: http:\/\/127\.0\.0\.1:\d+\/__kv\//.test(l.message)),
    ).toBe(true)
  })
})

describe('plugin with inspector: false and user: null', () => {
  it('mounts no kv api and runs routes signed out', async () => {
    const dir = copyFixture('plugin-routes')
    const bare = await startFixtureServer(dir, {
      inspector: false,
      seed: false,
      persist: false,
      user: null,
    })
    try {
      const response = await bare.fetch('/__kv/api/info')
      expect(response.headers.get('content-type') ?? '').not.toContain('application/json')
      expect((await bare.fetch('/api')).status).toBe(200)
      const state = await bare.fetch('/api/player-state')
      expect(state.status).toBe(401)
      expect(await state.json()).toEqual({ error: 'Not authenticated' })
    } finally {
      await bare.close()
      removeDir(dir)
    }
  })
})
