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

beforeAll(async () => {
  app = await startFixtureServer(copyFixture('plugin-routes'), {
    user: [ADA, BOB],
    seed: false,
    entry: 'server/entry.ts',
  })
})

afterAll(async () => {
  await app?.close()
  if (app) removeDir(app.dir)
})

async function json(path: string, init?: RequestInit) {
  const response = await app.fetch(path, init)
  return { status: response.status, headers: response.headers, body: await response.json() }
}

describe('plugin routes', () => {
  it('maps a file to its path and serves the playcademy route file as written', async () => {
    expect(await json('/api/player-state')).toMatchObject({
      status: 200,
      body: { success: true, data: null },
    })
    const saved = await json('/api/player-state', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ score: 42, level: 3 }),
    })
    expect(saved.body.data).toMatchObject({ score: 42, level: 3 })
    expect((await json('/api/player-state')).body.data).toMatchObject({ score: 42, level: 3 })
    const deleted = await json('/api/player-state', { method: 'DELETE' })
    expect(deleted.body).toEqual({ success: true })
    expect((await json('/api/player-state')).body.data).toBeNull()
  })

  it('answers head with the get handler and no body', async () => {
    const response = await app.fetch('/api/users/me', { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('maps index files to their folder', async () => {
    expect((await json('/api')).body).toEqual({ route: 'index' })
    expect((await json('/api/users')).body).toEqual({ route: 'users/index' })
  })

  it('passes params and prefers static segments', async () => {
    expect((await json('/api/users/42')).body).toEqual({ route: 'users/[id]', id: '42' })
    expect((await json('/api/users/me')).body).toEqual({ route: 'users/me' })
    expect((await json('/api/users/7', { method: 'PUT' })).body).toEqual({ updated: '7' })
  })

  it('reads a catch-all across slashes', async () => {
    expect((await json('/api/files/a/b/c.txt')).body).toEqual({
      route: 'files/[...path]',
      path: 'a/b/c.txt',
    })
  })

  it('answers a missing method with 405 and allow', async () => {
    const response = await json('/api/users/me', { method: 'DELETE' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD')
    const users = await app.fetch('/api/users', { method: 'PATCH' })
    expect(users.headers.get('allow')).toBe('GET, POST, HEAD')
  })

  it('names only the methods the file exports in the 405 message (issue 20)', async () => {
    const me = await json('/api/users/me', { method: 'DELETE' })
    expect(me.body.error).toBe(
      '[kvdev] Method DELETE is not allowed on /api/users/me: users/me.ts exports GET.',
    )
    const users = await json('/api/users', { method: 'PATCH' })
    expect(users.body.error).toMatch(/ exports GET, POST\.$/)
  })

  it('mounts a default-exported hono app at the file path', async () => {
    expect((await json('/api/admin')).body).toEqual({ route: 'admin', user: 'ada' })
    expect((await json('/api/admin/stats/KV')).body).toEqual({ binding: 'KV' })
  })

  it('gives handlers every binding, vars and dev vars, and waitUntil', async () => {
    const { body } = await json('/api/env')
    // TMA_JWKS: the key set of kvdev's TMA endpoints, for `requireUser()` of `@tma.sh/sdk`.
    expect(body.bindings).toEqual(['CACHE', 'GREETING', 'KV', 'SECRET', 'TMA_JWKS'])
    expect(body.greeting).toBe('hello')
    expect(body.secret).toBe('from-dev-vars')
    // The first request's waitUntil() write lands; a later request reads it.
    await vi.waitFor(async () => expect((await json('/api/env')).body.touched).toBe('yes'))
  })

  it('selects personas by header and refuses an unknown one', async () => {
    expect((await json('/api/admin', { headers: { 'x-kvdev-user': 'bob' } })).body.user).toBe('bob')
    expect(
      (await json('/api/admin', { headers: { 'x-kvdev-user': 'anonymous' } })).body.user,
    ).toBeNull()
    const unknown = await json('/api/admin', { headers: { 'x-kvdev-user': 'eve' } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error).toContain('Unknown user "eve"')
    expect(
      (await json('/api/player-state', { headers: { 'x-kvdev-user': 'anonymous' } })).status,
    ).toBe(401)
  })

  it('keeps user-scoped data apart per persona', async () => {
    const post = (user: string, score: number) =>
      app.fetch('/api/player-state', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kvdev-user': user },
        body: JSON.stringify({ score, level: 1 }),
      })
    await post('ada', 1)
    await post('bob', 2)
    const bob = await json('/api/player-state', { headers: { 'x-kvdev-user': 'bob' } })
    expect(bob.body.data.score).toBe(2)
  })

  it('answers a throwing handler with 500, logs the stack and stays up', async () => {
    const response = await json('/api/boom')
    expect(response.status).toBe(500)
    expect(response.body.error).toContain('kaboom from a route')
    const logged = app.logs.find((l) => l.level === 'error' && l.message.includes('kaboom'))
    // Source-mapped: the stack names the TypeScript file and the line of the throw.
    expect(logged?.message).toMatch(/boom\.ts:4:\d+/)
    expect((await json('/api')).status).toBe(200)
  })

  it('refuses a foreign host header, as after dns rebinding', async () => {
    // fetch() will not send a forged Host header; node:http will.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${app.url}/api/player-state`,
        { headers: { host: 'evil.example' } },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.once('error', reject)
      req.end()
    })
    expect(status).toBe(403)
  })

  it('runs requests from another origin signed out and says why once (issue 11)', async () => {
    const before = app.logs.length
    for (const origin of ['https://evil.example', 'http://localhost:3000']) {
      const response = await json('/api/admin', { headers: { origin, 'x-kvdev-user': 'bob' } })
      expect(response.body.user).toBeNull()
    }
    const said = app.logs.slice(before).filter((l) => l.message.includes('another origin'))
    expect(said).toHaveLength(1)
    expect(said[0]!.message).toContain('https://evil.example')
    // The page's own origin keeps its persona header.
    const own = await json('/api/admin', { headers: { origin: app.url, 'x-kvdev-user': 'bob' } })
    expect(own.body.user).toBe('bob')
  })

  it('hands what no route file matches to the entry app', async () => {
    expect((await json('/api/legacy/x')).body).toEqual({ from: 'entry', name: 'x', user: 'ada' })
    expect((await json('/api/users/me')).body.route).toMatch(/^users\/me/)
  })

  it('answers unknown api paths with a json 404', async () => {
    const response = await json('/api/nope')
    expect(response.status).toBe(404)
    expect(response.body.error).toContain('/api/nope')
  })

  it('picks up a route edit once vite reports it', async () => {
    const file = join(app.dir, 'server/api/users/me.ts')
    writeFileSync(file, readFileSync(file, 'utf8').replace("'users/me'", "'users/me v2'"))
    await vi.waitFor(async () =>
      expect((await json('/api/users/me')).body).toEqual({ route: 'users/me v2' }),
    )
  })

  it('keeps route file edits away from the browser', async () => {
    const plugin = app.server.config.plugins.find((p) => p.name === 'kvdev')!
    const hotUpdate = plugin.hotUpdate as (this: unknown, ctx: unknown) => unknown
    const call = (environment: string, file: string) =>
      hotUpdate.call(
        { environment: app.server.environments[environment] },
        {
          type: 'update',
          file,
          timestamp: Date.now(),
          modules: [],
          server: app.server,
          read: () => '',
        },
      )
    const route = join(app.dir, 'server/api/users/me.ts')
    // An empty module list: Vite sends no full reload to the game for a server-only file.
    expect(call('client', route)).toEqual([])
    expect(call('ssr', route)).toEqual([])
    expect(call('client', join(app.dir, 'src/main.ts'))).toBeUndefined()
  })

  it('picks up a new route file and a removed one', async () => {
    const file = join(app.dir, 'server/api/fresh.ts')
    writeFileSync(file, "export const GET = () => new Response('fresh')\n")
    await vi.waitFor(async () => expect(await (await app.fetch('/api/fresh')).text()).toBe('fresh'))
    removeDir(file)
    await vi.waitFor(async () => expect((await app.fetch('/api/fresh')).status).toBe(404))
  })
})
