import { existsSync, writeFileSync } from 'node:fs'
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

const SECRET_FILES = {
  '.dev.vars': 'SECRET="dev-vars-secret"\n',
  '.dev.vars.staging': 'SECRET="staging-secret"\n',
  '.env.local': 'VITE_X=1\nSECRET="env-secret"\n',
}

/** Every URL form a page could try for `path` (root-relative, no leading slash). */
function urlForms(dir: string, path: string): string[] {
  // The first character percent-encoded, then encoded twice.
  const hex = path.charCodeAt(0).toString(16)
  return [
    `/${path}`,
    `/${path}?raw`,
    `/${path}?import`,
    `/${path}?url`,
    `/${path}?worker_file&type=module`,
    `/${path}?import&raw`,
    `/@fs${dir}/${path}`,
    `/@fs${dir}/${path}?raw`,
    `/@id${dir}/${path}`,
    `${dir}/${path}?import`,
    `/%${hex}${path.slice(1)}`,
    `/${encodeURIComponent(path)}`,
    `//${path}`,
    `/./${path}`,
    `/nowhere/../${path}`,
    `/nowhere/%2e%2e/${path}?raw`,
    `/%25${hex}${path.slice(1)}`,
  ]
}

// CONTRIBUTING.md#security's *No CORS*, *Protected files* and *Foreign requests signed out* on every supported Vite, with the default `server.fs` and with
// `strict: false`, where Vite checks no `fs.deny` at all (issue 11, items 2 to 4 and 7).
for (const [name, load] of Object.entries(VERSIONS)) {
  for (const strict of [true, false]) {
    describe(`secrets, state and sources on ${name} with fs.strict ${strict} (issue 11)`, () => {
      let dir: string
      let url: string
      let close: () => Promise<void>
      const origin = 'http://localhost:3000'

      beforeAll(async () => {
        const vite = (await load()) as typeof import('vite')
        dir = copyFixture('plugin-routes')
        for (const [file, text] of Object.entries(SECRET_FILES))
          writeFileSync(join(dir, file), text)
        const server = await vite.createServer({
          root: dir,
          configFile: false,
          logLevel: 'silent',
          cacheDir: join(dir, '.vite-cache'),
          // biome-ignore lint/suspicious/noExplicitAny: the plugin is typed against the installed Vite 8
          plugins: [kvdev({ seed: false }) as any],
          server: { port: 0, host: '127.0.0.1', fs: { strict } },
        })
        await server.listen()
        const { port } = server.httpServer!.address() as AddressInfo
        url = `http://127.0.0.1:${port}`
        close = () => server.close()
      })
      afterAll(async () => {
        await close?.()
        removeDir(dir)
      })

      it('refuses .dev.vars, .dev.vars.<env> and .env files in every url form', async () => {
        for (const file of Object.keys(SECRET_FILES)) {
          for (const path of urlForms(dir, file)) {
            const reply = await send(`${url}${path}`, { headers: { origin } })
            expect({ path, status: reply.status }).toEqual({ path, status: 403 })
            expect(reply.body).not.toContain('secret')
            expect(reply.headers['access-control-allow-origin']).toBeUndefined()
          }
        }
      })

      it('refuses the state directory, server.json and its token included', async () => {
        expect((await send(`${url}/api/player-state`, {})).status).toBe(200)
        const state = '.wrangler/state/kvdev/server.json'
        expect(existsSync(join(dir, state))).toBe(true)
        for (const path of [
          ...urlForms(dir, state),
          '/.wrangler/state/',
          '/.WRANGLER/state/kvdev/server.json',
        ]) {
          const reply = await send(`${url}${path}`, { headers: { origin } })
          expect({ path, status: reply.status }).toEqual({ path, status: 403 })
          expect(reply.body).not.toContain('token')
        }
      })

      it('refuses route sources in every url form', async () => {
        for (const file of [
          'server/api/player-state.ts',
          'server/api/player-state',
          'server/api/_helper.ts',
        ]) {
          for (const path of urlForms(dir, file)) {
            const reply = await send(`${url}${path}`, { headers: { origin } })
            expect({ path, status: reply.status }).toEqual({ path, status: 403 })
            expect(reply.body).not.toContain('playcademyUser')
          }
        }
      })

      it('answers a cross-origin preflight on /__kv with 403 and no cors headers', async () => {
        for (const path of ['/__kv/api/clear', '/__kv/api/value?key=a', '/__kv/']) {
          const reply = await send(`${url}${path}`, {
            method: 'OPTIONS',
            headers: {
              origin,
              'access-control-request-method': 'DELETE',
              'access-control-request-headers': 'content-type',
            },
          })
          expect({ path, status: reply.status }).toEqual({ path, status: 403 })
          const cors = Object.keys(reply.headers).filter((h) => h.startsWith('access-control-'))
          expect(cors).toEqual([])
        }
      })

      it('runs a cross-site text/plain post to /api without a user and writes nothing as the user', async () => {
        const forged: Record<string, string>[] = [
          { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
          { origin, 'sec-fetch-site': 'same-site' },
          { origin: 'null' },
          { 'sec-fetch-site': 'cross-site' },
        ]
        for (const headers of forged) {
          const reply = await send(`${url}/api/player-state`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'text/plain' },
            body: JSON.stringify({ score: 999, level: 9 }),
          })
          expect({ headers, status: reply.status }).toEqual({ headers, status: 401 })
        }
        const state = await send(`${url}/api/player-state`, {})
        expect(JSON.parse(state.body).data).toBeNull()
      })

      it('keeps the user for its own origin and for scripts without those headers', async () => {
        const own = await send(`${url}/api/player-state`, {
          method: 'POST',
          headers: {
            origin: url,
            'sec-fetch-site': 'same-origin',
            'content-type': 'application/json',
          },
          body: JSON.stringify({ score: 1, level: 1 }),
        })
        expect(own.status).toBe(200)
        const script = await send(`${url}/api/player-state`, {})
        expect(JSON.parse(script.body).data.score).toBe(1)
      })

      it('lets no other origin change the persona cookie', async () => {
        const reply = await send(`${url}/__kv/api/users/active`, {
          method: 'PUT',
          headers: { origin, 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
          body: JSON.stringify({ sub: 'anonymous' }),
        })
        expect(reply.status).toBe(403)
        expect(reply.headers['set-cookie']).toBeUndefined()
        const own = await send(`${url}/__kv/api/users/active`, {
          method: 'PUT',
          headers: { origin: url, 'content-type': 'application/json' },
          body: JSON.stringify({ sub: 'anonymous' }),
        })
        expect(String(own.headers['set-cookie'])).toMatch(/SameSite=Strict/)
        expect(String(own.headers['set-cookie'])).toMatch(/Path=\//)
      })
    })
  }
}

for (const [name, load] of Object.entries(VERSIONS)) {
  describe(`resolved fs.deny on ${name} (issue 12)`, () => {
    it("adds kvdev's paths after vite's defaults or the user's list, changing neither", async () => {
      const vite = (await load()) as typeof import('vite')
      const resolve = (plugins: unknown[], deny?: string[]) =>
        vite.resolveConfig(
          {
            root: '/tmp/game',
            configFile: false,
            // biome-ignore lint/suspicious/noExplicitAny: the plugin is typed against the installed Vite 8
            plugins: plugins as any,
            server: { fs: { deny } },
          },
          'serve',
        )
      const bare = (await resolve([])).server.fs.deny
      const withKvdev = (await resolve([kvdev()])).server.fs.deny
      expect(withKvdev.slice(0, bare.length)).toEqual(bare)
      expect(withKvdev).toEqual(
        expect.arrayContaining(['.env', '.dev.vars', '.dev.vars.*', '**/.wrangler/state/**']),
      )
      expect(withKvdev).toContain('/tmp/game/server/api/**')
      // Vite's defaults are left as they were for the next server.
      expect((await resolve([])).server.fs.deny).toEqual(bare)
      const own = ['secret/**']
      const custom = (await resolve([kvdev()], own)).server.fs.deny
      expect(custom[0]).toBe('secret/**')
      expect(custom).toContain('.dev.vars')
      expect(own).toEqual(['secret/**'])
    })
  })
}
