import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { kvRest } from '../../src/rest'
import { launchBrowser, openPage } from './helpers/browser'

// Browser apps on another origin (RocketStack's examples run against api.rocketstack.dev):
// a page served from one local origin calls kvRest on another, in real Chromium.

const KEY = 'cors-key'
let kv: KvRuntime
let browser: Browser
const servers: ReturnType<typeof serve>[] = []

function listen(app: { fetch: (request: Request) => Response | Promise<Response> }) {
  return new Promise<string>((done) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      done(`http://127.0.0.1:${info.port}`),
    )
    servers.push(server)
  })
}

/** A page origin: serves an empty page. */
const page = () => listen(new Hono().get('/', (c) => c.html('<!doctype html><title>app</title>')))
/** kvRest on its own origin, over the real binding. */
const api = (options: Parameters<typeof kvRest>[0]) => {
  const rest = kvRest(options)
  return listen({ fetch: (request) => rest.fetch(request, { KV: kv.env.KV, KV_API_KEY: KEY }) })
}

let allowedPage: string
let otherPage: string
let withCors: string
let withoutCors: string

beforeAll(async () => {
  kv = await createKvRuntime({ persist: false })
  browser = await launchBrowser()
  allowedPage = await page()
  otherPage = await page()
  withCors = await api({ cors: { origin: [allowedPage] } })
  withoutCors = await api({})
})
afterAll(async () => {
  await browser?.close()
  for (const server of servers) server.close()
  await kv?.dispose()
})

const WIRES = [
  { name: '@workertown/kv', path: '/v1/kv/', read: (body: { data: unknown }) => body.data },
  {
    name: 'rocketstack',
    path: '/kv/items/',
    read: (body: { data: { value: unknown } }) => body.data.value,
  },
] as const

/** PUT then GET from a page of `origin` against `base`; each step's status, or the fetch error. */
async function fromPage(origin: string, base: string, key: string) {
  const { page } = await openPage(browser)
  await page.goto(`${origin}/`)
  return page.evaluate(
    async ({ url, key }) => {
      const headers = { 'content-type': 'application/json', 'x-api-key': key }
      const step = (init: RequestInit) =>
        fetch(url, init).then(
          async (res) => ({ status: res.status, body: await res.json() }),
          (error: Error) => ({ error: error.name }),
        )
      return [
        await step({ method: 'PUT', headers, body: JSON.stringify({ value: { from: 'page' } }) }),
        await step({ headers }),
      ]
    },
    { url: `${base}${key}`, key: KEY },
  )
}

describe('kvRest cors in chromium', () => {
  for (const wire of WIRES) {
    it(`lets an allowed origin write and read (${wire.name})`, async () => {
      const key = `cors-${wire.path.length}`
      const [put, get] = await fromPage(allowedPage, withCors + wire.path, key)
      expect(put).toMatchObject({ status: 200 })
      expect(get).toMatchObject({ status: 200 })
      expect(wire.read((get as unknown as { body: never }).body)).toEqual({ from: 'page' })
      expect(await kv.env.KV!.get(key)).toBe('{"from":"page"}')
    })

    it(`refuses another origin before the write runs (${wire.name})`, async () => {
      for (const [origin, base] of [
        [otherPage, withCors],
        [allowedPage, withoutCors],
      ] as const) {
        const key = `refused-${wire.path.length}-${base === withCors}`
        const steps = await fromPage(origin, base + wire.path, key)
        expect(steps).toEqual([{ error: 'TypeError' }, { error: 'TypeError' }])
        expect(await kv.env.KV!.get(key)).toBeNull()
      }
    })
  }

  it('answers an allowed preflight and refuses any request from another origin, preflight or not', async () => {
    const preflight = (base: string, origin: string) =>
      fetch(`${base}/v1/kv/p`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'content-type, x-api-key',
        },
      })
    const ok = await preflight(withCors, allowedPage)
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowedPage)
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/PUT/)
    for (const [base, origin] of [
      [withCors, otherPage],
      [withoutCors, allowedPage],
    ] as const) {
      const refused = await preflight(base, origin)
      expect(refused.status).toBe(403)
      expect(refused.headers.get('access-control-allow-origin')).toBeNull()
      // A write sent without a preflight (as a server or a tool can) is refused before it runs.
      const put = await fetch(`${base}/v1/kv/sneaky`, {
        method: 'PUT',
        headers: { origin, 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify({ value: 1 }),
      })
      expect(put.status).toBe(403)
      expect((await put.json()).error).toMatch(/^\[kvdev\] Origin not allowed: /)
    }
    expect(await kv.env.KV!.get('sneaky')).toBeNull()
    // Without Origin (curl, servers) nothing changes.
    const curl = await fetch(`${withoutCors}/v1/kv/curl`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ value: 1 }),
    })
    expect(curl.status).toBe(200)
  })

  it('serves open-api.json to any origin, as @workertown/kv does', async () => {
    const { page } = await openPage(browser)
    await page.goto(`${otherPage}/`)
    const doc = await page.evaluate(
      (url) => fetch(url).then((res) => res.json()),
      `${withoutCors}/open-api.json`,
    )
    expect(doc.openapi).toBe('3.0.0')
  })
})
