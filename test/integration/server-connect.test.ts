import { createServer, get, type IncomingMessage, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConnectMiddleware, createKvdevHandler, createToken } from '../../src/http'
import { createKvRuntime, type KvRuntime } from '../../src/runtime/create-kv-runtime'
import { createPersonas } from '../../src/users/personas'
import { sendStreamed } from '../helpers/raw-http'

const KEYS = 1001 // one more than a dump page
const token = createToken()
let runtime: KvRuntime
let server: Server
let origin: string
/** Event listeners the handler holds right now. */
let listening = 0

/** Waits (bounded) until `condition` holds; the test then asserts it. */
async function settle(condition: () => boolean) {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 25))
}

beforeAll(async () => {
  runtime = await createKvRuntime({ persist: false })
  await runtime.store().write(
    Array.from({ length: KEYS }, (_, i) => ({
      key: `k:${String(i).padStart(5, '0')}`,
      value: `v${i}`,
    })),
  )
  const tracked: KvRuntime = {
    ...runtime,
    onChange(listener) {
      listening++
      const off = runtime.onChange(listener)
      return () => {
        listening--
        off()
      }
    },
  }
  const middleware = createConnectMiddleware(
    createKvdevHandler({
      runtime: tracked,
      token,
      personas: createPersonas(undefined),
      root: '/project',
    }),
  )
  server = createServer((req, res) => {
    // What Vite ≥7's CORS middleware does before ours: kvdev must take it back.
    if (req.headers.origin) res.setHeader('access-control-allow-origin', req.headers.origin)
    middleware(req, res, () => {
      res.statusCode = 418
      // The next middleware reads the body itself: the bridge must have left it untouched.
      const parts: Buffer[] = []
      req.on('data', (chunk: Buffer) => parts.push(chunk))
      req.on('end', () => res.end(parts.length > 0 ? Buffer.concat(parts) : 'next'))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await runtime.dispose()
})

/** node:http, since fetch() will neither send TRACE nor forge Host. */
function rawStatus(method: string, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(origin)
    request({ host: url.hostname, port: url.port, method, path, headers: { host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
      .on('error', reject)
      .end()
  })
}

/** Opens the event stream and yields its text as it arrives. */
function openEvents(): Promise<{ response: IncomingMessage; next(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    get(`${origin}/__kv/api/events`, (response) => {
      response.setEncoding('utf8')
      const queue: string[] = []
      let wake: (() => void) | undefined
      response.on('data', (chunk: string) => {
        queue.push(chunk)
        wake?.()
      })
      resolve({
        response,
        next: async () => {
          while (queue.length === 0) await new Promise<void>((r) => (wake = r))
          return queue.shift()!
        },
      })
    }).on('error', reject)
  })
}

describe('connect adapter', () => {
  it('calls next for paths outside the base', async () => {
    const response = await fetch(`${origin}/api/users`)
    expect(response.status).toBe(418)
    expect(await response.text()).toBe('next')
  })

  it('leaves the body of a request outside the base to the next middleware (issue 18)', async () => {
    for (const framing of ['chunked', 'length'] as const) {
      const answer = await sendStreamed(`${origin}/api/upload`, {
        method: 'PATCH',
        chunks: [Buffer.from('left '), Buffer.from('for next')],
        length: framing === 'length' ? 13 : undefined,
      })
      expect(answer.status, framing).toBe(418)
      expect(answer.body, framing).toBe('left for next')
    }
  })

  it('leaves methods fetch cannot represent to the next middleware', async () => {
    const status = await rawStatus('TRACE', '/__kv/api/info', new URL(origin).host)
    expect(status).toBe(418)
  })

  it('refuses a host that parses as credentials', async () => {
    const status = await rawStatus('GET', '/__kv/api/info', `${new URL(origin).host}@evil.example`)
    expect(status).toBe(403)
  })

  it('streams an export over a real socket', async () => {
    const response = await fetch(`${origin}/__kv/api/export?format=ndjson`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="kv-KV.ndjson"')
    // Streamed, not buffered: no length is known up front.
    expect(response.headers.get('transfer-encoding')).toBe('chunked')
    const lines = (await response.text()).trimEnd().split('\n')
    expect(lines).toHaveLength(KEYS)
    expect(JSON.parse(lines[KEYS - 1]!)).toEqual({ key: 'k:01000', value: 'v1000' })
  })

  it('delivers change events as they happen and drops the listener when the client goes', async () => {
    const events = await openEvents()
    expect(events.response.headers['content-type']).toMatch(/^text\/event-stream/)
    expect(await events.next()).toBe(': connected\n\n')
    await runtime.env.KV!.put('live', '1')
    let text = await events.next()
    while (!text.endsWith('\n\n')) text += await events.next()
    expect(JSON.parse(text.replace(/^data: /, ''))).toMatchObject({
      binding: 'KV',
      kind: 'put',
      key: 'live',
    })

    expect(listening).toBe(1)
    events.response.destroy()
    await settle(() => listening === 0)
    expect(listening).toBe(0)
  })

  it('reads a streamed request body and strips cors headers set before it', async () => {
    const response = await fetch(`${origin}/__kv/api/value?key=socket`, {
      method: 'PUT',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'over the wire' }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(await runtime.env.KV!.get('socket')).toBe('over the wire')
  })

  it('accepts a bodiless same-origin delete without a content type', async () => {
    await runtime.env.KV!.put('gone', '1')
    const response = await fetch(`${origin}/__kv/api/value?key=gone`, {
      method: 'DELETE',
      headers: { origin },
    })
    expect(await response.json()).toEqual({ ok: true, deleted: true })
    expect(await runtime.env.KV!.get('gone')).toBeNull()
  })

  it('refuses a cross-origin write over a real socket and leaves the store alone', async () => {
    const response = await fetch(`${origin}/__kv/api/value?key=socket2`, {
      method: 'PUT',
      headers: { origin: 'http://localhost:3000', 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'x' }),
    })
    expect(response.status).toBe(403)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(await runtime.env.KV!.get('socket2')).toBeNull()
  })

  it('answers an oversize upload with 413', async () => {
    const response = await fetch(`${origin}/__kv/api/users/active`, {
      method: 'PUT',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'x'.repeat(200_000) }),
    })
    expect(response.status).toBe(413)
  })

  it("stores a body fetch streams in, chunked, as node's fetch sends one (issue 18)", async () => {
    const text = JSON.stringify({ value: 'streamed' })
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of [text.slice(0, 5), text.slice(5)]) {
          controller.enqueue(new TextEncoder().encode(part))
        }
        controller.close()
      },
    })
    const response = await fetch(`${origin}/__kv/api/value?key=streamed`, {
      method: 'PUT',
      headers: { 'x-kvdev-token': token, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(200)
    expect(await runtime.env.KV!.get('streamed')).toBe('streamed')
  })

  it('answers an oversize chunked upload with 413 and keeps serving', async () => {
    let chunks = 0
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          // Far past the limit if the server read it all; it stops after the first 64 KiB.
          if (++chunks > 1000) controller.close()
          else controller.enqueue(new Uint8Array(64 * 1024).fill(0x20))
        },
      },
      { highWaterMark: 0 },
    )
    const response = await fetch(`${origin}/__kv/api/users/active`, {
      method: 'PUT',
      headers: { 'x-kvdev-token': token, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
    expect((await response.json()).errors[0].message).toMatch(/^\[kvdev\] Request body too large/)
    expect((await fetch(`${origin}/__kv/api/info`)).status).toBe(200)
  })
})
