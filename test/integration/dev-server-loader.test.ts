import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type DevServer, startDevServer } from '../../src/dev/start-dev-server'
import { removeDir } from '../fixtures/plugin-support/start-fixture'

// Issue 21: `kvdev dev` runs its route files through Node's module loader, without Vite.
const root = mkdtempSync(join(tmpdir(), 'kvdev-dev-loader-'))
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true })
  writeFileSync(join(root, path), text)
}
let dev: DevServer
const logged: string[] = []

/** Polls `path` until its JSON answer satisfies `ok`: an edit reaches the server through its watcher. */
async function until(path: string, ok: (body: unknown) => boolean) {
  let body: unknown
  await vi.waitFor(
    async () => {
      body = await (await fetch(`${dev.url}${path}`)).json()
      expect(ok(body)).toBe(true)
    },
    { timeout: 10_000, interval: 50 },
  )
  return body
}

beforeAll(async () => {
  write(
    'wrangler.jsonc',
    '{ "name": "loader", "kv_namespaces": [{ "binding": "KV", "id": "kv" }] }',
  )
  write(
    'server/lib/score.ts',
    [
      "import { LABEL } from './label.js'",
      "import data from './data.json'",
      'export enum Level { Low = 1, High = 2 }',
      "export const describe = (n: number): string => [LABEL, n, Level.High, data.unit].join(':')",
      '',
    ].join('\n'),
  )
  write('server/lib/label.ts', "export const LABEL: string = 'v1'\n")
  write('server/lib/data.json', '{ "unit": "pts" }\n')
  write(
    'server/api/score.ts',
    [
      "import type { Context } from 'hono'",
      "import { describe } from '../lib/score'",
      'export async function GET(c: Context) {',
      "  await c.env.KV.put('n', '7')",
      "  return c.json({ score: describe(Number(await c.env.KV.get('n'))) })",
      '}',
      '',
    ].join('\n'),
  )
  write('server/api/plain.ts', "export const GET = (c: any) => c.json({ route: 'plain' })\n")
  write('server/api/broken.ts', 'export const GET = (c: any) => c.json({ oops: }\n')
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    logged.push(String(chunk))
    return true
  })
  dev = await startDevServer({ root, port: 0, host: '127.0.0.1', persist: false, seed: false })
})

afterAll(async () => {
  await dev?.close()
  vi.restoreAllMocks()
  removeDir(root)
})

describe('kvdev dev module loader', { timeout: 60_000 }, () => {
  it('runs a typescript route importing typescript modules, an enum and json', async () => {
    const response = await fetch(`${dev.url}/api/score`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ score: 'v1:7:2:pts' })
  })

  it('runs an edited route file on the next request after the edit', async () => {
    expect(await (await fetch(`${dev.url}/api/plain`)).json()).toEqual({ route: 'plain' })
    write('server/api/plain.ts', "export const GET = (c: any) => c.json({ route: 'edited' })\n")
    expect(await until('/api/plain', (b) => (b as { route: string }).route === 'edited')).toEqual({
      route: 'edited',
    })
  })

  it('runs an edited module again with the routes importing it', async () => {
    write('server/lib/label.ts', "export const LABEL: string = 'v2'\n")
    const body = await until('/api/score', (b) => (b as { score: string }).score.startsWith('v2'))
    expect(body).toEqual({ score: 'v2:7:2:pts' })
  })

  it('serves a route file added while it runs', async () => {
    write('server/api/added.ts', "export const GET = (c: any) => c.json({ route: 'added' })\n")
    expect(await until('/api/added', (b) => (b as { route?: string }).route === 'added')).toEqual({
      route: 'added',
    })
  })

  it('answers 500 naming the file for a route that does not compile, the others still answer', async () => {
    const response = await fetch(`${dev.url}/api/broken`)
    expect(response.status).toBe(500)
    const { error } = (await response.json()) as { error: string }
    expect(error).toContain('GET /api/broken failed:')
    expect(error).toContain(join(root, 'server/api/broken.ts'))
    expect(logged.join('')).toContain('server/api/broken.ts')
    expect((await fetch(`${dev.url}/api/plain`)).status).toBe(200)
    write('server/api/broken.ts', 'export const GET = (c: any) => c.json({ fixed: true })\n')
    expect(await until('/api/broken', (b) => (b as { fixed?: boolean }).fixed === true)).toEqual({
      fixed: true,
    })
  })

  it('applies an edited wrangler config without a restart of the process', async () => {
    write(
      'server/api/greeting.ts',
      'export const GET = (c: any) => c.json({ greeting: c.env.GREETING ?? null })\n',
    )
    await until('/api/greeting', (b) => (b as { greeting?: unknown }).greeting === null)
    write(
      'wrangler.jsonc',
      '{ "name": "loader", "vars": { "GREETING": "hi" }, "kv_namespaces": [{ "binding": "KV", "id": "kv" }] }',
    )
    expect(
      await until('/api/greeting', (b) => (b as { greeting?: unknown }).greeting === 'hi'),
    ).toEqual({
      greeting: 'hi',
    })
    expect(await (await fetch(`${dev.url}/api/score`)).json()).toEqual({ score: 'v2:7:2:pts' })
  })

  it('reports a javascript module that does not parse with its file and line', async () => {
    write('server/api/bad-js.js', 'export const GET = (c) => {{ c.json(1)\n')
    // A new file: it is a route once the watcher reports it.
    const { error } = (await until(
      '/api/bad-js',
      (b) =>
        'error' in (b as object) &&
        !String((b as { error: string }).error).includes('No API route'),
    )) as { error: string }
    expect(error).toContain('GET /api/bad-js failed: [kvdev] JavaScript that does not parse:')
    expect(error).toContain(`${join(root, 'server/api/bad-js.js')}:`)
  })

  it('serves no file from the disk', async () => {
    write('.dev.vars', 'SECRET=from-dev-vars\n')
    // Secrets and route sources meet the file firewall (403); anything else finds nothing (404).
    const paths = {
      '/server/api/plain.ts': 403,
      '/.dev.vars': 403,
      '/wrangler.jsonc': 404,
      '/server/lib/data.json': 404,
    }
    for (const [path, status] of Object.entries(paths)) {
      const response = await fetch(`${dev.url}${path}`)
      const body = await response.text()
      expect({ path, status: response.status }).toEqual({ path, status })
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(body).not.toMatch(/from-dev-vars|c\.json|kv_namespaces|pts/)
    }
  })
})

describe('kvdev dev with loader vite', { timeout: 120_000 }, () => {
  it('serves the same typescript route through a vite dev server', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'kvdev-dev-loader-vite-'))
    try {
      cpSync(root, copy, { recursive: true })
      const vite = await startDevServer({
        root: copy,
        port: 0,
        persist: false,
        seed: false,
        loader: 'vite',
      })
      try {
        expect(await (await fetch(`${vite.url}/api/score`)).json()).toEqual({ score: 'v2:7:2:pts' })
      } finally {
        await vite.close()
      }
    } finally {
      removeDir(copy)
    }
  })

  it('runs routes through vite when a route file is tsx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvdev-dev-loader-tsx-'))
    try {
      mkdirSync(join(dir, 'server/api'), { recursive: true })
      writeFileSync(
        join(dir, 'server/api/page.tsx'),
        'export const GET = (c: any) => c.json({ ssr: import.meta.env?.SSR ?? null })\n',
      )
      const vite = await startDevServer({ root: dir, port: 0, persist: false, seed: false })
      try {
        expect(await (await fetch(`${vite.url}/api/page`)).json()).toEqual({ ssr: true })
      } finally {
        await vite.close()
      }
    } finally {
      removeDir(dir)
    }
  })
})
