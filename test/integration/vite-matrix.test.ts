import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kvdev } from '../../src/vite'
import { copyFixture, removeDir } from '../fixtures/plugin-support/start-fixture'

// The guard must not lean on Vite: on Vite 6 configureServer middleware runs before its host
// check, and Vite 7+ echoes any localhost origin in its CORS headers.
const VERSIONS = {
  'vite 6': () => import('vite6'),
  'vite 7': () => import('vite7'),
  'vite 8': () => import('vite'),
} as const

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** node:http, since fetch() will not forge Host or Origin. */
function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.once('error', reject)
    req.end(init.body)
  })
}

for (const [name, load] of Object.entries(VERSIONS)) {
  describe(`guard on ${name}`, () => {
    let dir: string
    let url: string
    let close: () => Promise<void>
    let host: string
    const keyCount = async () => {
      const reply = await send(`${url}/__kv/api/count`, {})
      return JSON.parse(reply.body).total as number
    }

    beforeAll(async () => {
      const vite = (await load()) as typeof import('vite')
      dir = copyFixture('plugin-routes')
      const server = await vite.createServer({
        root: dir,
        configFile: false,
        logLevel: 'silent',
        cacheDir: join(dir, '.vite-cache'),
        // biome-ignore lint/suspicious/noExplicitAny: the plugin is typed against the installed Vite 8
        plugins: [kvdev() as any],
        server: { port: 0, host: '127.0.0.1' },
      })
      await server.listen()
      const { port } = server.httpServer!.address() as AddressInfo
      host = `127.0.0.1:${port}`
      url = `http://${host}`
      close = () => server.close()
    })
    afterAll(async () => {
      await close?.()
      removeDir(dir)
    })

    it('serves a route and the api to the page itself', async () => {
      const route = await send(`${url}/api/player-state`, {})
      expect(route.status).toBe(200)
      expect(await keyCount()).toBeGreaterThan(0)
    })

    it('refuses a dns-rebinding host', async () => {
      const reply = await send(`${url}/__kv/api/keys`, { headers: { host: 'evil.example:80' } })
      expect(reply.status).toBe(403)
      expect(reply.body).not.toContain('config:')
    })

    it('refuses a cross-site text/plain post and changes nothing', async () => {
      const before = await keyCount()
      const reply = await send(`${url}/__kv/api/clear`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
        body: '{}',
      })
      expect(reply.status).toBe(403)
      expect(await keyCount()).toBe(before)
    })

    it('refuses a delete from another localhost port, with no cors headers', async () => {
      const key = encodeURIComponent('config:feature-flags')
      const reply = await send(`${url}/__kv/api/value?key=${key}`, {
        method: 'DELETE',
        headers: { origin: 'http://localhost:3000' },
      })
      expect(reply.status).toBe(403)
      expect(reply.headers['access-control-allow-origin']).toBeUndefined()
      const still = await send(`${url}/__kv/api/key?key=${key}`, {})
      expect(still.status).toBe(200)
    })

    it('accepts a write from its own origin', async () => {
      const reply = await send(`${url}/__kv/api/value?key=matrix`, {
        method: 'PUT',
        headers: { origin: url, 'content-type': 'application/json' },
        body: JSON.stringify({ value: name }),
      })
      expect(reply.status).toBe(200)
      const read = await send(`${url}/__kv/api/value?key=matrix`, {})
      expect(read.body).toBe(name)
    })

    it('does not serve the state directory', async () => {
      await send(`${url}/api/player-state`, {})
      const reply = await send(`${url}/.wrangler/state/kvdev/server.json`, {})
      expect(reply.status).not.toBe(200)
      expect(reply.body).not.toContain('token')
    })
  })
}
