import fs, { writeFileSync } from 'node:fs'
import { IncomingMessage, ServerResponse } from 'node:http'
import { syncBuiltinESMExports } from 'node:module'
import { Socket } from 'node:net'
import { join } from 'node:path'
import type { Connect, Plugin } from 'vite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  copyFixture,
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'

/** A plugin around kvdev's: what it sees of Vite's middleware stack before and after kvdev. */
function stackProbe() {
  const seen: { before?: Connect.ServerStackItem[]; after?: Connect.ServerStackItem[] } = {}
  const probe = (when: 'before' | 'after'): Plugin => ({
    name: `probe-${when}`,
    enforce: when === 'before' ? 'pre' : 'post',
    configureServer(server) {
      seen[when] = [...server.middlewares.stack]
    },
  })
  return { seen, plugins: [probe('before'), probe('after')] }
}

function request(url: string): [IncomingMessage, ServerResponse] {
  const req = new IncomingMessage(new Socket())
  req.url = url
  req.method = 'GET'
  req.headers = { host: '127.0.0.1' }
  return [req, new ServerResponse(req)]
}

/** Records file reads (directory listings, stats, file reads) of the paths `watched` accepts. */
function recordReads(watched: (path: string) => boolean) {
  const names = ['readdirSync', 'statSync', 'readFileSync', 'existsSync', 'lstatSync'] as const
  const spies = names.map((name) => vi.spyOn(fs, name))
  // Named imports of node:fs follow the patched functions.
  syncBuiltinESMExports()
  return {
    get paths() {
      return spies.flatMap((spy) => spy.mock.calls.map(([path]) => String(path))).filter(watched)
    },
    restore() {
      for (const spy of spies) spy.mockRestore()
      syncBuiltinESMExports()
    },
  }
}

// Issue 19: kvdev's Node bridge wrapped every Vite request, and each API request read the
// route directory and the env files again.
describe('plugin request path (issue 19)', () => {
  let app: FixtureServer
  const probe = stackProbe()
  beforeAll(async () => {
    app = await startFixtureServer(copyFixture('plugin-routes'), { seed: false }, probe.plugins)
  })
  afterAll(async () => {
    await app?.close()
    if (app) removeDir(app.dir)
  })

  it('lets vite requests past its middlewares without entering the fetch bridge', () => {
    const before = new Set(probe.seen.before)
    const mine = probe.seen.after!.filter((item) => !before.has(item))
    expect(mine.length).toBeGreaterThanOrEqual(3)
    for (const url of ['/src/main.ts', '/@vite/client', '/node_modules/.vite/deps/x.js?v=1']) {
      for (const item of mine) {
        const handle = item.handle as Connect.NextHandleFunction
        const next = vi.fn()
        handle(...request(url), next)
        // Called at once: the request built no fetch Request and waited on no promise.
        expect(next, `${handle.name || 'a kvdev middleware'} on ${url}`).toHaveBeenCalledOnce()
        expect(next).toHaveBeenCalledWith()
      }
    }
  })

  it('reads the route table and the env files only when vite reports a change', async () => {
    expect((await (await app.fetch('/api/env')).json()).secret).toBe('from-dev-vars')
    const routes = join(app.dir, 'server')
    const reads = recordReads(
      (path) => path.startsWith(routes) || /\/\.(dev\.vars|env)[^/]*$/.test(path),
    )
    try {
      for (let i = 0; i < 5; i++) {
        expect((await app.fetch('/api/users/me')).status).toBe(200)
        expect((await (await app.fetch('/api/env')).json()).secret).toBe('from-dev-vars')
      }
      expect(reads.paths).toEqual([])
    } finally {
      reads.restore()
    }
    writeFileSync(join(app.dir, '.dev.vars'), 'SECRET="edited"\n')
    await vi.waitFor(
      async () => expect((await (await app.fetch('/api/env')).json()).secret).toBe('edited'),
      { timeout: 5000 },
    )
    writeFileSync(
      join(app.dir, 'server/api/added.ts'),
      "export const GET = () => new Response('added')\n",
    )
    await vi.waitFor(
      async () => expect(await (await app.fetch('/api/added')).text()).toBe('added'),
      { timeout: 5000 },
    )
  })
})
