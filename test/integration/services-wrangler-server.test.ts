import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvClient } from '../../src/client-sdk'
import { linkKvdevPackage } from '../fixtures/plugin-support/link-kvdev'
import { startWranglerDev, type WranglerDev } from '../helpers/wrangler-dev'

// createKV and userKv in workerd, bundled by wrangler from the built `kvdev/server`,
// behind an app's own sign-in middleware (here: a header), as they run on Workers.
const WORKER = `
import { Hono } from 'hono'
import { createKV, userKv } from 'kvdev/server'

const app = new Hono()
app.use('/api/kv/*', async (c, next) => {
  const sub = c.req.header('x-signed-in')
  c.set('playcademyUser', sub ? { sub } : undefined)
  await next()
})
app.route('/api/kv', userKv())
app.put('/api/config', async (c) => {
  await createKV(c.env.KV).set('app-config', await c.req.json(), { ttl: 3600 })
  return c.json({ ok: true })
})
app.get('/api/config', async (c) => c.json(await createKV(c.env.KV).get('app-config')))
// TMA's code: a number ttl, delete.
app.post('/api/tma-form', async (c) => {
  const kv = createKV(c.env.KV)
  await kv.set('tma:n', 1, 3600)
  const { keys } = await c.env.KV.list({ prefix: 'tma:' })
  await kv.delete('tma:n')
  return c.json({ expiration: keys[0].expiration, after: await kv.list('tma:') })
})
app.get('/api/list', async (c) => c.json(await createKV(c.env.KV).list('user:')))
export default app
`

let root: string
let dev: WranglerDev

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kvdev-server-worker-'))
  writeFileSync(join(root, 'worker.ts'), WORKER)
  writeFileSync(
    join(root, 'wrangler.jsonc'),
    JSON.stringify({
      name: 'kv-server',
      main: 'worker.ts',
      compatibility_date: '2026-01-01',
      kv_namespaces: [{ binding: 'KV', id: 'server-kv' }],
    }),
  )
  linkKvdevPackage(root)
  dev = await startWranglerDev(root, join(root, 'state'))
}, 180_000)
afterAll(async () => {
  await dev?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

const clientAs = (sub: string) =>
  createKvClient({
    baseUrl: `${dev.url}/api/kv`,
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as object), 'x-signed-in': sub } }),
  })

describe('kvdev/server under wrangler dev', () => {
  it('runs createKV on workers kv', async () => {
    const put = await fetch(`${dev.url}/api/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ theme: 'dark' }),
    })
    expect(put.status).toBe(200)
    expect(await (await fetch(`${dev.url}/api/config`)).json()).toEqual({ theme: 'dark' })
    const before = Math.floor(Date.now() / 1000)
    const tma = await (await fetch(`${dev.url}/api/tma-form`, { method: 'POST' })).json()
    expect(tma.expiration).toBeGreaterThanOrEqual(before + 3600)
    expect(tma.after).toEqual([])
  })

  it('serves userKv to createKvClient, one user apart from another', async () => {
    const ada = clientAs('ada')
    const grace = clientAs('grace')
    await ada.set('user:preferences', { theme: 'dark', language: 'en' })
    expect(await ada.get('user:preferences')).toEqual({ theme: 'dark', language: 'en' })
    expect(await grace.get('user:preferences')).toBeNull()
    expect(await ada.list('user:')).toEqual({
      keys: [{ name: 'user:preferences' }],
      list_complete: true,
    })
    const all = (await (await fetch(`${dev.url}/api/list`)).json()) as string[]
    expect(all).toEqual(['user:ada:user:preferences'])
    await ada.remove('user:preferences')
    expect(await ada.get('user:preferences')).toBeNull()
    await expect(createKvClient({ baseUrl: `${dev.url}/api/kv` }).get('x')).rejects.toMatchObject({
      name: 'KvClientError',
      status: 401,
    })
  })
})
