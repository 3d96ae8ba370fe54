import { Agent, request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_LIMITS, KV_LIMITS } from '../../src/constants'
import { USER_KV_MAX_VALUE_BYTES } from '../../src/services/user-kv'
import {
  createServiceProject,
  REST_KEY,
  readProjectToken,
} from '../fixtures/plugin-support/service-project'
import {
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'
import { makeBody, sendStreamed } from '../helpers/raw-http'

const ADA = { sub: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' }
/** `jsonWriteGuard`'s room for the JSON wrapper around a value. */
const SERVICE_ENVELOPE_BYTES = 4096
/** What @hono/node-server drains of a refused upload (64 MiB), plus room for socket buffers. */
const UNREAD_BYTES = 96 * 1024 * 1024

let app: FixtureServer
let token: string

beforeAll(async () => {
  const dir = createServiceProject()
  app = await startFixtureServer(dir, { user: ADA, seed: false })
  token = readProjectToken(dir)
})
afterAll(async () => {
  await app?.close()
  if (app) removeDir(app.dir)
})

interface Endpoint {
  name: string
  method: string
  path(key: string): string
  headers(): Record<string, string>
  /** The body carrying a value of `size` filler bytes. */
  body(key: string, size: number): { prefix: string; suffix: string }
  /** The key as stored, and the stored text of a value of `size` filler bytes. */
  stored(key: string, size: number): { key: string; text: string }
  /** The route's body limit in bytes. */
  limit: number
}

const json = { 'content-type': 'application/json' }
const filler = (size: number) => 'a'.repeat(size)

const ENDPOINTS: Endpoint[] = [
  {
    name: 'PUT /__kv/api/value',
    method: 'PUT',
    path: (key) => `/__kv/api/value?key=${key}`,
    headers: () => ({ ...json, 'x-kvdev-token': token }),
    body: () => ({ prefix: '{"value":"', suffix: '"}' }),
    stored: (key, size) => ({ key, text: filler(size) }),
    limit: API_LIMITS.MAX_VALUE_BODY_BYTES,
  },
  {
    name: 'POST /__kv/api/seed',
    method: 'POST',
    path: () => '/__kv/api/seed',
    headers: () => ({ ...json, 'x-kvdev-token': token }),
    body: (key) => ({ prefix: `{"text":"{\\"${key}\\":\\"`, suffix: '\\"}"}' }),
    stored: (key, size) => ({ key, text: filler(size) }),
    limit: API_LIMITS.MAX_SEED_BODY_BYTES,
  },
  {
    name: "the cloudflare api's PUT values/:key",
    method: 'PUT',
    path: (key) => `/__kv/api/client/v4/accounts/local/storage/kv/namespaces/KV/values/${key}`,
    headers: () => ({ authorization: `Bearer ${token}` }),
    body: () => ({ prefix: '', suffix: '' }),
    stored: (key, size) => ({ key, text: filler(size) }),
    limit: KV_LIMITS.MAX_VALUE_SIZE_BYTES,
  },
  {
    name: 'kvRest PUT as a route file',
    method: 'PUT',
    path: (key) => `/api/rest/v1/kv/${key}`,
    headers: () => ({ ...json, authorization: `Bearer ${REST_KEY}` }),
    body: () => ({ prefix: '{"value":"', suffix: '"}' }),
    stored: (key, size) => ({ key, text: JSON.stringify(filler(size)) }),
    limit: KV_LIMITS.MAX_VALUE_SIZE_BYTES + SERVICE_ENVELOPE_BYTES,
  },
  {
    name: 'userKv PUT as a route file',
    method: 'PUT',
    path: (key) => `/api/kv/values/${key}`,
    headers: () => ({ ...json, 'x-kvdev-user': ADA.sub }),
    body: () => ({ prefix: '{"value":"', suffix: '"}' }),
    stored: (key, size) => ({ key: `user:${ADA.sub}:${key}`, text: JSON.stringify(filler(size)) }),
    limit: USER_KV_MAX_VALUE_BYTES + SERVICE_ENVELOPE_BYTES,
  },
]

/** A key prefix of the endpoint's own: they share one namespace. */
const slug = (endpoint: Endpoint) => endpoint.name.replace(/[^a-z]+/gi, '-')

/** The stored text of `key`, or null, read through the inspector's API. */
async function readStored(key: string): Promise<string | null> {
  const response = await app.fetch(`/__kv/api/value?key=${encodeURIComponent(key)}`, {
    headers: { 'x-kvdev-token': token },
  })
  if (response.status === 404) return null
  expect(response.status).toBe(200)
  return response.text()
}

function send(endpoint: Endpoint, key: string, size: number, framing: 'chunked' | 'length') {
  const { prefix, suffix } = endpoint.body(key, size)
  const length = Buffer.byteLength(prefix) + size + Buffer.byteLength(suffix)
  return sendStreamed(app.url + endpoint.path(key), {
    method: endpoint.method,
    headers: endpoint.headers(),
    chunks: makeBody(prefix, size, suffix),
    length: framing === 'length' ? length : undefined,
  })
}

// Issue 18, item 3: every body endpoint answered 500 to any chunked body.
describe.each(ENDPOINTS)('request bodies of $name (issue 18)', (endpoint) => {
  // A few 64 KiB chunks, within every route's limit.
  const size = 100_000

  it.each(['chunked', 'length'] as const)('stores a %s body within the limit', async (framing) => {
    const key = `${slug(endpoint)}-within-${framing}`
    const answer = await send(endpoint, key, size, framing)
    expect(answer.body).not.toContain('window')
    expect(answer.status).toBe(200)
    const { key: storedKey, text } = endpoint.stored(key, size)
    expect(await readStored(storedKey)).toBe(text)
  })

  it('refuses a chunked body past the limit with 413 before reading it all, storing nothing', async () => {
    const key = `${slug(endpoint)}-past-chunked`
    // More than the server reads, drains after its answer and the sockets hold, were it to stop at the limit.
    const answer = await send(endpoint, key, endpoint.limit + UNREAD_BYTES, 'chunked')
    expect(answer.status).toBe(413)
    expect(answer.finished).toBe(false)
    expect(await readStored(endpoint.stored(key, 0).key)).toBeNull()
  }, 60_000)

  it('refuses a declared length past the limit with 413, storing nothing', async () => {
    const key = `${slug(endpoint)}-past-length`
    const answer = await send(endpoint, key, endpoint.limit + 1, 'length')
    expect(answer.status).toBe(413)
    expect(await readStored(endpoint.stored(key, 0).key)).toBeNull()
  })
})

describe('request bodies on paths kvdev does not own (issue 18)', () => {
  it('leaves them to vite untouched, so a kept-alive connection serves the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const send = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${app.url}${path}`, { method, agent }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        })
        req.on('error', reject)
        // No length: node:http sends it chunked.
        if (body !== undefined) req.write(body)
        req.end()
      })
    try {
      expect(await send('PATCH', '/not-a-route', 'a body nobody reads')).toBe(404)
      expect(await send('GET', '/__kv/api/info')).toBe(200)
    } finally {
      agent.destroy()
    }
  })
})
