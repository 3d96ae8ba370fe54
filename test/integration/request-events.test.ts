import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvdevHandler, createToken, type KvdevHandler } from '../../src/http'
import { createKvRuntime, type KvRuntime } from '../../src/runtime/create-kv-runtime'
import { createUsageMeter, USAGE_LIMITS, type UsageMeter } from '../../src/usage/meter'
import { createPersonas } from '../../src/users/personas'

const ORIGIN = 'http://localhost:5173'
const URL_ = `${ORIGIN}/__kv/api/requests/events`
let runtime: KvRuntime
let dir: string
let meter: UsageMeter
let handle: KvdevHandler
let bare: KvdevHandler
/** Request listeners the meter holds right now. */
let listening = 0

const request = (path: string) => {
  const trace = meter.begin({ method: 'GET', path })
  meter.end(trace, { status: 200, route: path, persona: 'anonymous' })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kvdev-'))
  runtime = await createKvRuntime({ persist: false, bindings: ['KV'] })
  meter = createUsageMeter({ ...USAGE_LIMITS, RECENT_REQUESTS: 3 })
  const counted: UsageMeter = {
    ...meter,
    kept: meter.kept,
    onRequest(listener) {
      listening++
      const off = meter.onRequest(listener)
      return () => {
        listening--
        off()
      }
    },
  }
  const parts = { runtime, token: createToken(), personas: createPersonas(undefined), root: dir }
  handle = createKvdevHandler({ ...parts, usage: counted })
  bare = createKvdevHandler(parts)
})
afterAll(async () => {
  await runtime.dispose()
  rmSync(dir, { recursive: true, force: true })
})

/** Reads server-sent events off `response` one at a time, as `{ event, data }`. */
function readEvents(response: Response) {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  return async (): Promise<{ event: string; data: unknown }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n')
      if (end !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const lines = block.split('\n').filter((line) => !line.startsWith(':'))
        if (lines.length === 0) continue
        const field = (name: string) =>
          lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2)
        return { event: field('event') ?? 'message', data: JSON.parse(field('data')!) }
      }
      const { value, done } = await reader.read()
      if (done) throw new Error('[test] The stream ended.')
      buffer += decoder.decode(value, { stream: true })
    }
  }
}

describe('requests events (issue 20)', () => {
  it('sends the kept requests, then each as it ends, and stops listening when the client goes', async () => {
    for (const path of ['/a', '/b', '/c', '/d']) request(path)
    const controller = new AbortController()
    const response = (await handle(new Request(URL_, { signal: controller.signal })))!
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const next = readEvents(response)
    const first = await next()
    expect(first.event).toBe('requests')
    expect(first.data).toMatchObject({ available: true, kept: 3 })
    const kept = (first.data as { requests: { path: string }[] }).requests
    expect(kept.map((trace) => trace.path)).toEqual(['/d', '/c', '/b'])
    request('/e')
    const second = await next()
    expect(second.event).toBe('request')
    expect(second.data).toMatchObject({ path: '/e', status: 200, persona: 'anonymous' })
    expect(listening).toBe(1)
    controller.abort()
    await expect(next()).rejects.toThrow()
    expect(listening).toBe(0)
  })

  it('says why when the server measures no requests', async () => {
    const controller = new AbortController()
    const response = (await bare(new Request(URL_, { signal: controller.signal })))!
    const first = await readEvents(response)()
    expect(first.event).toBe('requests')
    expect(first.data).toMatchObject({ available: false, kept: 0, requests: [] })
    expect((first.data as { reason: string }).reason).toMatch(/^\[kvdev\] No usage on this server/)
    controller.abort()
  })

  it('refuses another host and any method but GET', async () => {
    const foreign = (await handle(new Request(URL_, { headers: { host: 'evil.example' } })))!
    expect(foreign.status).toBe(403)
    const post = (await handle(
      new Request(URL_, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: '{}',
      }),
    ))!
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET')
    expect(listening).toBe(0)
  })
})
