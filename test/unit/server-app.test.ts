import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { API_LIMITS } from '../../src/constants'
import { createKvdevApp } from '../../src/http'
import { limitBody } from '../../src/http/body-limit'
import type { KvRuntime } from '../../src/runtime/create-kv-runtime'
import { createPersonas } from '../../src/users/personas'

// Routes that never reach the store: the runtime is not needed to answer them.
const app = createKvdevApp({
  base: '/__kv',
  runtime: {} as KvRuntime,
  token: 't'.repeat(64),
  personas: createPersonas(undefined),
  root: '/project',
})

describe('kvdev app', () => {
  it('answers unknown api routes with the route list in kvdev envelope', async () => {
    const response = await app.request('http://localhost:5173/__kv/api/nope')
    expect(response.status).toBe(404)
    const body = await response.json()
    expect(body).toMatchObject({ success: false, result: null })
    expect(body.errors[0].message).toMatch(
      /^\[kvdev\] No API route: \/__kv\/api\/nope\. Routes: info, keys/,
    )
  })

  it('answers a wrong method with 405 and an allow header', async () => {
    const response = await app.request('http://localhost:5173/__kv/api/seed', {
      headers: { 'x-kvdev-token': 't'.repeat(64) },
    })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('hardens every answer, refusals of the guard included', async () => {
    for (const host of ['localhost:5173', 'evil.example']) {
      const response = await app.request('http://localhost:5173/__kv/api/nope', {
        headers: { host },
      })
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin')
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('strict-transport-security')).toBeNull()
    }
  })

  it('answers the cloudflare api in cloudflare envelope', async () => {
    const response = await app.request('http://localhost:5173/__kv/api/client/v4/zones', {
      headers: { 'x-kvdev-token': 't'.repeat(64) },
    })
    expect(response.status).toBe(404)
    expect((await response.json()).errors[0]).toEqual({
      code: 7003,
      message: 'Could not route to /client/v4/zones, perhaps your object identifier is invalid?',
    })
  })
})

describe('upload budget (issue 11)', () => {
  it('refuses an upload past the process-wide budget with 503 and retry-after, then admits it', async () => {
    const half = API_LIMITS.MAX_IN_FLIGHT_BODY_BYTES / 2 + 1
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const upload = new Hono()
      .post(
        '/x',
        limitBody(half, () => new Error('too large')),
        async (c) => {
          await held
          return c.text('ok')
        },
      )
      .onError((error) => {
        const status = (error as { status?: number }).status ?? 500
        const headers = (error as { headers?: Record<string, string> }).headers
        return new Response(error.message, { status, headers })
      })
    const send = () =>
      upload.request('http://localhost/x', {
        method: 'POST',
        body: 'x',
        headers: { 'content-length': String(half) },
      })
    const first = send()
    const second = await send()
    expect(second.status).toBe(503)
    expect(second.headers.get('retry-after')).toBe(String(API_LIMITS.BUSY_RETRY_AFTER_SECONDS))
    expect(await second.text()).toMatch(/^\[kvdev\] Too many uploads at once: \d+ bytes/)
    release()
    expect((await first).status).toBe(200)
    expect((await send()).status).toBe(200)
  })
})
