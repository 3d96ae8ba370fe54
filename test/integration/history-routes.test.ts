import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvdevHandler, createToken, type KvdevHandler } from '../../src/http'
import { createKvRuntime, type KvRuntime } from '../../src/runtime/create-kv-runtime'
import { createPersonas } from '../../src/users/personas'

const ORIGIN = 'http://localhost:5173'
const token = createToken()
let root: string
let runtime: KvRuntime
let handle: KvdevHandler

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kvdev-history-routes-'))
  runtime = await createKvRuntime({ root, bindings: ['KV'] })
  handle = createKvdevHandler({ runtime, token, personas: createPersonas(undefined), root })
  await runtime.env.KV!.put('soon', 'a', { expirationTtl: 600 })
})
afterAll(async () => {
  await runtime.dispose()
  rmSync(root, { recursive: true, force: true })
})

async function send(path: string, init: RequestInit = {}) {
  const response = await handle(new Request(`${ORIGIN}/__kv/api/${path}`, init))
  if (!response) throw new Error(`no response for ${path}`)
  return response
}
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  send(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

// Issue 22: the store clock and snapshots behind the guard (CONTRIBUTING.md#security).
describe('store clock and snapshot routes', () => {
  it('refuses a jump from another origin or without the token, and on GET', async () => {
    expect(
      (await post('time/advance', { duration: '1h' }, { origin: 'http://evil.com' })).status,
    ).toBe(403)
    expect((await post('time/advance', { duration: '1h' })).status).toBe(403)
    expect(
      (await send('time/advance?duration=1h', { headers: { 'x-kvdev-token': token } })).status,
    ).toBe(405)
    expect(
      (await post('snapshots/restore', { name: 'x' }, { origin: 'http://evil.com' })).status,
    ).toBe(403)
    expect(await runtime.env.KV!.get('soon')).toBe('a')
    expect(
      await (await send('time', { headers: { 'x-kvdev-token': token } })).json(),
    ).toMatchObject({ available: true, advancedSeconds: 0 })
  })

  it('names a bad duration and a missing snapshot', async () => {
    const bad = await post('time/advance', { duration: 'soon' }, { 'x-kvdev-token': token })
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors[0].message).toContain('Invalid duration: "soon"')
    const missing = await post('snapshots/restore', { name: 'nope' }, { 'x-kvdev-token': token })
    expect(missing.status).toBe(404)
  })

  it('previews and advances for a same-origin page', async () => {
    const preview = await send('time/preview?duration=1h', { headers: { 'x-kvdev-token': token } })
    expect(await preview.json()).toMatchObject({ seconds: 3600, label: '1 h', total: 1 })
    const advanced = await post('time/advance', { duration: '1h' }, { origin: ORIGIN })
    expect(await advanced.json()).toMatchObject({ expired: 1, clock: { label: '1 h' } })
    expect(await runtime.env.KV!.get('soon')).toBeNull()
  })
})
