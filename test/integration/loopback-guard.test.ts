import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { whileGuarding } from '../../src/runtime/guarded-start'
import { listeningPorts } from '../helpers/listening-ports'
import { storeTempFilePath } from '../helpers/startup-race'

const OPTIONS = { expectServer: true, miniflare: 'test' }

/** A POST from this process: not a child of it, so a stranger to the guard. */
function postWithBody(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk))
      res.on('end', () => done({ status: res.statusCode!, body }))
    })
    req.on('error', fail)
    req.end('x')
  })
}

const post = async (port: number, path: string) => (await postWithBody(port, path)).status

/** POSTs from a child process of this one, as workerd is: status per request, in order. */
function postFromChild(
  port: number,
  requests: { path: string; headers?: Record<string, string> }[],
): Promise<number[]> {
  const script = `const http = require('node:http');
(async () => {
  const out = [];
  for (const { path, headers } of ${JSON.stringify(requests)}) {
    out.push(await new Promise((done) => {
      const req = http.request({ host: '127.0.0.1', port: ${port}, path, method: 'POST', headers, agent: false }, (res) => { res.resume(); done(res.statusCode) });
      req.on('error', (e) => done(e.message));
      req.end('planted');
    }));
  }
  console.log(JSON.stringify(out));
})()`
  return new Promise((done, fail) =>
    execFile(process.execPath, ['-e', script], (error, stdout) =>
      error ? fail(error) : done(JSON.parse(stdout)),
    ),
  )
}

function listen(server: Server): Promise<number> {
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)),
  )
}

describe('loopback guard (issue 18)', () => {
  const servers: Server[] = []
  afterAll(() => {
    for (const server of servers) server.close()
  })

  it('guards every http server a start makes before it listens', async () => {
    let reached = 0
    const server = createServer((_req, res) => {
      reached++
      res.end('served')
    })
    servers.push(server)
    const port = await whileGuarding(() => listen(server), OPTIONS)
    expect(await post(port, '/core/public-url')).toBe(403)
    expect(reached).toBe(0)
  })

  it('leaves alone a server that listens outside the start, while it runs', async () => {
    let release!: () => void
    const held = new Promise<void>((done) => (release = done))
    const inside = createServer()
    const outside = createServer((_req, res) => res.end('served'))
    servers.push(inside, outside)
    const running = whileGuarding(async () => {
      await held
      await listen(inside)
    }, OPTIONS)
    // Vite's own server, say, listening while kvdev's start runs.
    const port = await listen(outside)
    release()
    await running
    expect(await post(port, '/')).toBe(200)
  })

  it('stops with a message when the start makes no server', async () => {
    await expect(whileGuarding(async () => {}, OPTIONS)).rejects.toThrow(
      /^\[kvdev\] Cannot guard Miniflare's loopback server: miniflare test started no HTTP server/,
    )
  })

  it('refuses to listen a server it cannot guard, and says so', async () => {
    const raw = createNetServer()
    await expect(
      whileGuarding(
        () => new Promise<void>((done) => raw.listen(0, '127.0.0.1', () => done())),
        OPTIONS,
      ),
    ).rejects.toThrow(
      /^\[kvdev\] Miniflare started a server kvdev cannot guard: a node:net Server, not an HTTP server\./,
    )
    expect(raw.listening).toBe(false)
  })
})

describe.runIf(process.platform === 'linux')('loopback guard on Miniflare (issue 18)', () => {
  let root: string
  let outside: string
  let kv: KvRuntime
  let port: number
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-loopback-'))
    outside = mkdtempSync(join(tmpdir(), 'kvdev-loopback-target-'))
    const before = new Set(listeningPorts(process.pid))
    kv = await createKvRuntime({ root, bindings: ['KV'] })
    port = listeningPorts(process.pid).filter((p) => !before.has(p))[0]!
  })
  afterAll(async () => {
    await kv.dispose()
    rmSync(root, { recursive: true, force: true })
    rmSync(outside, { recursive: true, force: true })
  })

  it('refuses a store-temp-file query that builds a path, even from its own child', async () => {
    const target = join(outside, 'planted.txt')
    const bad = [
      storeTempFilePath(target),
      `/core/store-temp-file?prefix=..%2F..%2F..%2F..%2F..%2F..%2F..%2F..${encodeURIComponent(outside)}&extension=txt`,
      '/core/store-temp-file?prefix=a%5C..%5Cb&extension=txt',
      '/core/store-temp-file?prefix=x&extension=txt%00',
      '/core/store-temp-file?prefix=x&extension=..',
      '/core/store-temp-file?prefix=email&extension=eml&extension=x%2F..%2Fy',
      '/core/store-temp-file?prefix=x&extension=txt&id=..%2F..%2Fz',
    ].map((path) => ({ path }))
    // Miniflare acts on MF-Original-URL over the target.
    bad.push({
      path: '/core/log',
      headers: { 'MF-Original-URL': `http://localhost${storeTempFilePath(target)}` },
    } as never)
    expect(await postFromChild(port, bad)).toEqual(bad.map(() => 400))
    expect(existsSync(target)).toBe(false)
    expect(readdirSync(outside)).toEqual([])
  })

  it('still writes the temp file Miniflare itself asks for', async () => {
    expect(
      await postFromChild(port, [{ path: '/core/store-temp-file?prefix=email&extension=eml' }]),
    ).toEqual([200])
  })

  it('keeps the guard across a reconfiguration', async () => {
    await kv.reconfigure(['KV', 'OTHER'])
    expect(listeningPorts(process.pid)).toContain(port)
    expect(await post(port, storeTempFilePath(join(outside, 'after.txt')))).toBe(403)
    await kv.env.OTHER!.put('k', 'v')
    expect(await kv.env.OTHER!.get('k')).toBe('v')
  })
})

describe('loopback guard on Miniflare 5 (issue 18)', () => {
  const require = createRequire(
    resolve(import.meta.dirname, '../../node_modules/wrangler-current/package.json'),
  )
  const { Miniflare } = require('miniflare') as typeof import('miniflare')
  const version: string = require('miniflare/package.json').version

  it('guards its loopback server as it guards Miniflare 4s', async () => {
    expect(version).toMatch(/^5\./)
    const before = new Set(listeningPorts(process.pid))
    let mf: InstanceType<typeof Miniflare> | undefined
    try {
      await whileGuarding(async () => {
        // Miniflare 5 takes a worker's config and its modules' manifest.
        const contents = 'export default { fetch() { return new Response("ok") } }'
        mf = new Miniflare({
          workers: [
            {
              config: {
                name: 'w',
                compatibilityDate: '2025-01-01',
                manifest: { mainModule: 'w.mjs', modules: { 'w.mjs': { type: 'esm', contents } } },
              },
            },
          ],
        } as never)
        await mf.ready
      }, OPTIONS)
      const ports = listeningPorts(process.pid).filter((p) => !before.has(p))
      expect(ports.length).toBe(1)
      // kvdev's empty 403, not Miniflare 5's own `Forbidden` (it checks a secret of its own).
      expect(await postWithBody(ports[0]!, '/core/public-url')).toEqual({ status: 403, body: '' })
      expect(await (await mf!.dispatchFetch('http://localhost/')).text()).toBe('ok')
    } finally {
      await mf?.dispose()
    }
  })
})
