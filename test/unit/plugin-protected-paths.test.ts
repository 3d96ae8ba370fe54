import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../../src/options'
import { getProtectedPaths, isProtectedPath } from '../../src/plugin/protected-paths'
import { getRequestFiles } from '../../src/plugin/request-files'
import { getForeignReason } from '../../src/users/foreign-request'

const ROOT = '/home/dev/game'
const PATHS = {
  dirs: [`${ROOT}/server/api`, `${ROOT}/.wrangler/state`],
  files: [`${ROOT}/server/entry.ts`],
}
const isRefused = (url: string) =>
  getRequestFiles(url, ROOT, '/app/').some((file) => isProtectedPath(PATHS, file))

describe('protected paths (issue 11)', () => {
  it('refuses secrets files, the state directory, route sources and the entry', () => {
    for (const url of [
      '/.dev.vars',
      '/.dev.vars.staging?raw',
      '/.env.local?url',
      '/.ENV',
      '/sub/dir/.dev.vars',
      '/.wrangler/state/kvdev/server.json',
      '/packages/x/.wrangler/state/v3/kv/blobs/abc',
      '/.cloudflare/state/kvdev/server.json',
      '/packages/x/.cloudflare/state/v3/kv/blobs/abc',
      '/server/api/player-state.ts?import',
      '/server/api/player-state',
      '/server/entry?import',
      '/server/entry.js',
      '/app/.dev.vars',
      '/app/server/api/x.ts',
    ]) {
      expect({ url, refused: isRefused(url) }).toEqual({ url, refused: true })
    }
  })

  it('decodes and normalises before deciding', () => {
    for (const url of [
      '/%2edev.vars',
      '/%252edev.vars',
      '/%2Fserver%2Fapi%2Fx.ts',
      '/a/..%2f..%2f.dev.vars',
      '/a\\..\\.dev.vars',
      '//server//api/x.ts',
      '/x/%2e%2e/server/api/x.ts',
      `/@fs${ROOT}/server/api/x.ts?raw`,
      `/@id${ROOT}/.env`,
      `${ROOT}/server/api/x.ts`,
      '/.dev.vars%3Fraw',
      '/%E0%A4%A/.dev.vars',
    ]) {
      expect({ url, refused: isRefused(url) }).toEqual({ url, refused: true })
    }
  })

  it('serves the rest', () => {
    for (const url of [
      '/',
      '/src/main.ts',
      '/index.html?raw',
      '/@vite/client',
      '/server/apiary.ts',
      '/environment.ts',
      '/.envelope/x',
      '/dev.vars',
      '/.wrangler/config.json',
      '/server/entry-two.ts',
    ]) {
      expect({ url, refused: isRefused(url) }).toEqual({ url, refused: false })
    }
  })
})

describe('foreign requests (issue 11)', () => {
  const reason = (headers: Record<string, string>) =>
    getForeignReason(
      new Request('http://localhost:5173/api/x', {
        headers: { host: 'localhost:5173', ...headers },
      }),
    )

  it('marks other origins and other sites', () => {
    expect(reason({ origin: 'https://evil.example' })).toBe('Origin "https://evil.example"')
    expect(reason({ origin: 'http://localhost:3000' })).toContain('localhost:3000')
    expect(reason({ origin: 'null' })).toBe('Origin "null"')
    expect(reason({ origin: 'https://localhost:5173' })).not.toBeNull()
    expect(reason({ 'sec-fetch-site': 'cross-site' })).toBe('Sec-Fetch-Site cross-site')
    expect(reason({ 'sec-fetch-site': 'same-site' })).toBe('Sec-Fetch-Site same-site')
  })

  it('leaves the own origin and scripts alone', () => {
    expect(reason({})).toBeNull()
    expect(reason({ origin: 'http://localhost:5173' })).toBeNull()
    expect(reason({ origin: 'http://LOCALHOST:5173', 'sec-fetch-site': 'same-origin' })).toBeNull()
    expect(reason({ 'sec-fetch-site': 'none' })).toBeNull()
  })
})

describe('protected paths of a project (issue 11)', () => {
  const protects = (options: Parameters<typeof resolveOptions>[0], file: string) =>
    isProtectedPath(getProtectedPaths(ROOT, resolveOptions(options)), `${ROOT}/${file}`)

  it('covers the routes directory, the entry and a custom store', () => {
    expect(protects({ routes: 'api' }, 'api/x.ts')).toBe(true)
    expect(protects({ entry: 'server/main.ts' }, 'server/main.ts')).toBe(true)
    expect(protects({ persist: 'data/kv' }, 'data/kv/kvdev/server.json')).toBe(true)
    expect(protects({}, 'src/main.ts')).toBe(false)
  })

  it('keeps the app served when the store or the routes sit at the root', () => {
    expect(protects({ persist: '.' }, 'src/main.ts')).toBe(false)
    expect(protects({ persist: '.' }, 'kvdev/server.json')).toBe(true)
    expect(protects({ persist: '.' }, 'v3/kv/blobs/x')).toBe(true)
    expect(protects({ routes: '.' }, 'index.html')).toBe(false)
  })
})
