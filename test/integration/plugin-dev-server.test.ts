import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type DevServer, startDevServer } from '../../src/dev/start-dev-server'
import { copyFixture, removeDir } from '../fixtures/plugin-support/start-fixture'
import { getFreePort } from '../helpers/free-port'

const dirs: string[] = []
const servers: DevServer[] = []

afterAll(async () => {
  for (const server of servers) await server.close()
  for (const dir of dirs) removeDir(dir)
})

describe('startDevServer', () => {
  it('serves the route files on the given port', async () => {
    const root = copyFixture('plugin-routes')
    dirs.push(root)
    const port = await getFreePort()
    const dev = await startDevServer({
      root,
      port,
      host: '127.0.0.1',
      seed: false,
      user: { sub: 'p1' },
    })
    servers.push(dev)
    expect(dev.url).toBe(`http://127.0.0.1:${port}`)
    const response = await fetch(`${dev.url}/api/admin`)
    expect(await response.json()).toEqual({ route: 'admin', user: 'p1' })
    // appType 'custom': no SPA fallback answers unknown pages with an index.html.
    expect((await fetch(`${dev.url}/some/page`)).status).toBe(404)
  })

  it('serves routes at the root with base "/" beside the inspector', async () => {
    const root = copyFixture('plugin-routes')
    dirs.push(root)
    const dev = await startDevServer({ root, port: await getFreePort(), base: '/', seed: false })
    servers.push(dev)
    expect(await (await fetch(`${dev.url}/users/me`)).json()).toEqual({ route: 'users/me' })
    const info = await fetch(`${dev.url}/__kv/api/info`)
    expect((await info.json()).bindings).toHaveLength(2)
  })

  it('refuses secrets, the state directory and route sources to the browser (issue 11)', async () => {
    const root = copyFixture('plugin-routes')
    dirs.push(root)
    writeFileSync(join(root, '.env'), 'SECRET="env-secret"\n')
    const dev = await startDevServer({ root, port: await getFreePort(), seed: false })
    servers.push(dev)
    expect((await fetch(`${dev.url}/api/admin`)).status).toBe(200)
    const paths = [
      '/.dev.vars',
      '/.dev.vars?raw',
      `/@fs${root}/.dev.vars?import`,
      '/.env?url',
      '/.wrangler/state/kvdev/server.json',
      '/server/api/admin.ts?import',
      `/@fs${root}/server/api/admin.ts`,
    ]
    for (const path of paths) {
      const response = await fetch(`${dev.url}${path}`, {
        headers: { origin: 'http://localhost:3000' },
      })
      const body = await response.text()
      expect({ path, status: response.status }).toEqual({ path, status: 403 })
      expect(body).not.toMatch(/from-dev-vars|env-secret|token|playcademyUser/)
    }
  })

  it('fails when the port is taken instead of moving to another', async () => {
    const root = copyFixture('plugin-routes')
    dirs.push(root)
    const port = Number(new URL(servers[0]!.url).port)
    await expect(
      startDevServer({ root, port, host: '127.0.0.1', persist: false, seed: false }),
    ).rejects.toThrow(String(port))
  })
})
