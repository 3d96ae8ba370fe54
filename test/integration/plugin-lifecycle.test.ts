import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createKvRuntime } from '../../src/runtime/create-kv-runtime'
import { kvdev } from '../../src/vite'
import {
  copyFixture,
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'

const started: FixtureServer[] = []
const dirs: string[] = []

async function start(dir: string, options: Parameters<typeof startFixtureServer>[1] = {}) {
  const app = await startFixtureServer(dir, { seed: false, ...options })
  started.push(app)
  return app
}

function fixture(name: string) {
  const dir = copyFixture(name)
  dirs.push(dir)
  return dir
}

afterEach(async () => {
  for (const app of started.splice(0)) await app.close()
  for (const dir of dirs.splice(0)) removeDir(dir)
})

const saveScore = (app: FixtureServer, score: number) =>
  app.fetch('/api/player-state', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ score, level: 1 }),
  })

describe('plugin lifecycle', () => {
  it('keeps data across a server restart in the same directory', async () => {
    const dir = fixture('plugin-routes')
    const first = await start(dir)
    expect((await saveScore(first, 99)).status).toBe(200)
    await first.close()
    expect(existsSync(join(dir, '.wrangler/state/v3/kv'))).toBe(true)
    const second = await start(dir)
    const state = await (await second.fetch('/api/player-state')).json()
    expect(state.data.score).toBe(99)
  })

  it('releases the store on close, so another owner can open it', async () => {
    const dir = fixture('plugin-routes')
    const app = await start(dir)
    await saveScore(app, 5)
    await app.close()
    const kv = await createKvRuntime({ root: dir })
    try {
      expect(await kv.store().count('user:')).toBe(1)
    } finally {
      await kv.dispose()
    }
  })

  it('keeps the runtime across a vite restart', async () => {
    // In memory: the data can only survive if the new server reuses the same runtime.
    const app = await start(fixture('plugin-routes'), { persist: false })
    await saveScore(app, 7)
    await app.server.restart()
    const state = await (await app.fetch('/api/player-state')).json()
    expect(state.data.score).toBe(7)
  })

  it('restarts on a wrangler config edit, with the new bindings and the same data', async () => {
    const dir = fixture('plugin-routes')
    const app = await start(dir)
    await saveScore(app, 11)
    const config = join(dir, 'wrangler.jsonc')
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        '{ "binding": "CACHE", "id": "cache-remote-id" }',
        '{ "binding": "CACHE", "id": "cache-remote-id" }, { "binding": "EXTRA" }',
      ),
    )
    await vi.waitFor(
      async () => {
        const { bindings } = await (await app.fetch('/api/env')).json()
        expect(bindings).toContain('EXTRA')
      },
      { timeout: 20_000, interval: 200 },
    )
    const state = await (await app.fetch('/api/player-state')).json()
    expect(state.data.score).toBe(11)
  })

  it('restarts when a wrangler.jsonc is created while it runs (issue 20)', async () => {
    const dir = fixture('plugin-routes')
    removeDir(join(dir, 'wrangler.jsonc'))
    writeFileSync(
      join(dir, 'server/api/bindings.ts'),
      "import type { Context } from 'hono'\nexport const GET = (c: Context) => c.json(Object.keys(c.env).sort())\n",
    )
    const app = await start(dir)
    expect(await (await app.fetch('/api/bindings')).json()).toStrictEqual([
      'KV',
      'SECRET',
      'TMA_JWKS',
    ])
    const config =
      '{ "kv_namespaces": [{ "binding": "KV" }, { "binding": "EXTRA" }], "vars": { "MODE": "dev" } }\n'
    writeFileSync(join(dir, 'wrangler.jsonc'), config)
    let attempts = 0
    await vi.waitFor(
      async () => {
        // Written again while no restart came: a file created during the watcher's first scan
        // is reported by no event, and its next write is (as a change).
        if (attempts++ % 10 === 9) writeFileSync(join(dir, 'wrangler.jsonc'), config)
        expect(await (await app.fetch('/api/bindings')).json()).toStrictEqual([
          'EXTRA',
          'KV',
          'MODE',
          'SECRET',
          'TMA_JWKS',
        ])
      },
      { timeout: 20_000, interval: 200 },
    )
    expect(app.logs.map((log) => log.message).join('\n')).toContain(
      '[kvdev] wrangler.jsonc was created: restarting the dev server to apply it.',
    )
  })

  it('publishes server.json for the cli while listening, and removes it on close', async () => {
    const dir = fixture('plugin-routes')
    const app = await start(dir)
    const file = join(dir, '.wrangler/state/kvdev/server.json')
    const info = JSON.parse(readFileSync(file, 'utf8'))
    expect(info).toMatchObject({ url: app.url, base: '/__kv', pid: process.pid, root: dir })
    expect(info.token).toMatch(/^[0-9a-f]{64}$/)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    // What the CLI does: no Origin, the token in a header.
    const put = await fetch(`${info.url}${info.base}/api/value?key=from-cli`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-kvdev-token': info.token },
      body: JSON.stringify({ value: 'hello' }),
    })
    expect(put.status).toBe(200)
    const refused = await fetch(`${info.url}${info.base}/api/value?key=from-cli`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-kvdev-token': 'f'.repeat(64) },
      body: JSON.stringify({ value: 'hello' }),
    })
    expect([401, 403]).toContain(refused.status)
    await app.close()
    expect(existsSync(file)).toBe(false)
  })

  it('answers requests sent as soon as vite listens only once the store is open and seeded (issue 21)', async () => {
    const dir = fixture('plugin-routes')
    // The default seed: the runtime and the seed are started in the background.
    const app = await start(dir, { seed: undefined })
    const [page, key] = await Promise.all([
      app.fetch('/__kv/'),
      app.fetch(`/__kv/api/key?key=${encodeURIComponent('config:feature-flags')}`),
    ])
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(key.status).toBe(200)
    expect(JSON.parse((await key.json()).preview)).toEqual({ beta: true })
  })

  it('refuses to serve the state directory', async () => {
    const dir = fixture('plugin-routes')
    const app = await start(dir)
    await saveScore(app, 1)
    const lock = join(dir, '.wrangler/state/kvdev/lock')
    expect(existsSync(lock)).toBe(true)
    const secret = readFileSync(lock, 'utf8')
    for (const path of [
      '/.wrangler/state/kvdev/lock',
      `/@fs${lock}`,
      '/.wrangler/state/kvdev/lock?raw',
    ]) {
      const response = await app.fetch(path)
      const body = await response.text()
      expect([403, 404]).toContain(response.status)
      expect(body).not.toContain(secret)
    }
  })

  it('rejects invalid options at startup, naming option, value and rule', () => {
    expect(() => kvdev({ base: 'api' })).toThrow(
      '[kvdev] Invalid `base`: "api". It must be a URL path starting with `/`',
    )
    expect(() => kvdev({ inspector: '/api/kv' })).toThrow('It must not overlap `base` (/api)')
    expect(() => kvdev({ persist: 3 as never })).toThrow('Invalid `persist`: 3.')
    expect(() => kvdev({ rotues: 'x' } as never)).toThrow('Invalid `rotues`: "x". Known options:')
    expect(() => kvdev({ user: [] })).toThrow('`user` is []')
  })

  it('leaves nothing of kvdev in a vite build', async () => {
    const dir = fixture('plugin-build')
    const outDir = join(dir, 'dist')
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      plugins: [kvdev()],
      build: { outDir },
    })
    const files = readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((f) =>
      f.isFile(),
    )
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const text = readFileSync(join(file.parentPath, file.name), 'utf8')
      expect(text).not.toMatch(/kvdev|__kv|playcademyUser|miniflare/)
    }
    expect(existsSync(join(dir, '.wrangler'))).toBe(false)
  })
})
