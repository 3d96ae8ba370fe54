import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createInspectorPage,
  INSPECTOR_CSP,
  resolveAssetPath,
} from '../../src/server/inspector-page'

const dir = mkdtempSync(join(tmpdir(), 'kvdev-'))
mkdirSync(join(dir, 'client', 'assets'), { recursive: true })
writeFileSync(
  join(dir, 'client', 'index.html'),
  '<!doctype html><html><head><title>t</title></head><body></body></html>',
)
writeFileSync(join(dir, 'client', 'assets', 'app.js'), 'console.log(1)')
writeFileSync(join(dir, 'secret.txt'), 'secret')
const clientDir = join(dir, 'client')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const get = (page: ReturnType<typeof createInspectorPage>, path: string, method = 'GET') =>
  page(new Request(`http://localhost:5173${path}`, { method }))

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
