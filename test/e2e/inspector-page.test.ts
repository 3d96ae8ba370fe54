import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInspectorAssets } from '../../src/http/assets'
import { createConnectMiddleware } from '../../src/http/connect'
import {
  createInspectorPage,
  INSPECTOR_CSP,
  isAssetPath,
  resolveAssetPath,
} from '../../src/http/inspector-page'

const dir = mkdtempSync(join(tmpdir(), 'kvdev-'))
mkdirSync(join(dir, 'client', 'assets'), { recursive: true })
writeFileSync(
  join(dir, 'client', 'index.html'),
  '<!doctype html><html><head><title>t</title></head><body></body></html>',
)
writeFileSync(join(dir, 'client', 'assets', 'app.js'), 'console.log(1)')
writeFileSync(join(dir, 'secret.txt'), 'secret')
const clientDir = join(dir, 'client')

// The build's files are sirv's, which writes to Node's response: they are fetched over a socket.
const assets = new Hono().get('/*', createInspectorAssets('/__kv', clientDir), (c) =>
  c.body(null, 404),
)
const server = createServer((req, res) =>
  createConnectMiddleware(async (request, bindings) => assets.fetch(request, bindings))(
    req,
    res,
    () => res.writeHead(404).end(),
  ),
)
let origin = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

/** The page's answer, or for a file of the build sirv's; undefined when neither serves it. */
async function get(page: ReturnType<typeof createInspectorPage>, path: string, method = 'GET') {
  const own = await page(new Request(`http://localhost:5173${path}`, { method }))
  const rest = path.slice('/__kv/'.length)
  if (
    own ||
    !path.startsWith('/__kv/') ||
    !isAssetPath(rest) ||
    (method !== 'GET' && method !== 'HEAD')
  )
    return own
  const response = await fetch(`${origin}${path}`, { method })
  return response.status === 404 ? undefined : response
}

describe('createInspectorPage', () => {
  const page = createInspectorPage({ base: '/__kv', token: 'abc', clientDir })

  it('serves index.html with the token and base injected and the strict csp', async () => {
    const response = (await get(page, '/__kv/'))!
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(INSPECTOR_CSP)
    expect(await response.text()).toContain(
      '<head><meta name="kvdev-token" content="abc"><meta name="kvdev-base" content="/__kv"><title>',
    )
  })

  it('escapes what it injects', async () => {
    const hostile = createInspectorPage({ base: "/kv'&x", token: `"'<>&`, clientDir })
    const html = await (await hostile(new Request("http://localhost/kv'&x/")))!.text()
    expect(html).toContain('<meta name="kvdev-token" content="&quot;&#39;&lt;&gt;&amp;">')
    expect(html).toContain('<meta name="kvdev-base" content="/kv&#39;&amp;x">')
  })

  it('falls back to index.html for client routes and serves assets with their type', async () => {
    expect(await (await get(page, '/__kv/keys/user:1'))!.text()).toContain('kvdev-token')
    const asset = (await get(page, '/__kv/assets/app.js'))!
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await asset.text()).toBe('console.log(1)')
    const head = (await get(page, '/__kv/assets/app.js', 'HEAD'))!
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('leaves api paths, other methods and missing assets to the handler', async () => {
    expect(await get(page, '/__kv/api/info')).toBeUndefined()
    expect(await get(page, '/__kv/', 'POST')).toBeUndefined()
    expect(await get(page, '/__kv/assets/missing.js')).toBeUndefined()
    expect(await get(page, '/elsewhere/')).toBeUndefined()
  })

  it('refuses paths that leave the client directory', async () => {
    expect(await get(page, '/__kv/..%2fsecret.txt')).toBeUndefined()
    expect(await get(page, '/__kv/assets/..%2f..%2fsecret.txt')).toBeUndefined()
    expect(await get(page, '/__kv/%2e%2e%5csecret.txt')).toBeUndefined()
    expect(resolveAssetPath(clientDir, '../secret.txt')).toBeNull()
    expect(resolveAssetPath(clientDir, 'assets/%00.js')).toBeNull()
    expect(resolveAssetPath(clientDir, 'assets/app.js')).toBe(join(clientDir, 'assets', 'app.js'))
  })

  it('answers 500 telling to build when dist/client is missing', async () => {
    const missing = createInspectorPage({ token: 'abc', clientDir: join(dir, 'nothing') })
    const response = (await get(missing, '/__kv/'))!
    expect(response.status).toBe(500)
    expect(await response.text()).toContain('The inspector is not built')
    expect(await (await get(missing, '/__kv/deep/route'))!.text()).toContain('npm run build')
  })
})
