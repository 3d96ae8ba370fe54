import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServiceProject, readProjectToken } from '../fixtures/plugin-support/service-project'
import {
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'
import { type RawAnswer, sendRaw } from '../helpers/raw-http'

const ADA = { sub: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' }

let app: FixtureServer
let token: string
let port: number
/** The server's own authority, as a browser on it writes Host. */
let host: string

beforeAll(async () => {
  const dir = createServiceProject()
  app = await startFixtureServer(dir, { user: ADA, seed: false, logRequests: true })
  token = readProjectToken(dir)
  host = new URL(app.url).host
  port = Number(new URL(app.url).port)
})
afterAll(async () => {
  await app?.close()
  if (app) removeDir(app.dir)
})

const withToken = () => ({ headers: { 'x-kvdev-token': token } })

const messageOf = (answer: RawAnswer): string => JSON.parse(answer.body).errors[0].message

async function putValue(key: string, value: string) {
  const response = await app.fetch(`/__kv/api/value?key=${encodeURIComponent(key)}`, {
    method: 'PUT',
    headers: { 'x-kvdev-token': token, 'content-type': 'application/json' },
    body: JSON.stringify({ value }),
  })
  expect(response.status).toBe(200)
}

async function readValue(key: string): Promise<string | null> {
  const response = await app.fetch(`/__kv/api/value?key=${encodeURIComponent(key)}`, withToken())
  return response.status === 404 ? null : response.text()
}

// Issue 18, item 4: the guard judged Host while the app routed by the target's authority.
describe('absolute-form request targets (issue 18)', () => {
  it('refuses a read whose target names another host', async () => {
    await putValue('secret', 'the keys')
    const answer = await sendRaw(port, [
      'GET http://evil.com/__kv/api/keys HTTP/1.1',
      `Host: ${host}`,
    ])
    expect(answer.status).toBe(400)
    expect(messageOf(answer)).toMatch(
      /^\[kvdev\] Request target names another origin: "http:\/\/evil.com\/__kv\/api\/keys"/,
    )
    expect(answer.body).not.toContain('secret')
  })

  it('refuses the page, and its token, to a target naming another host', async () => {
    const answer = await sendRaw(port, ['GET http://evil.com/__kv/ HTTP/1.1', `Host: ${host}`])
    expect(answer.status).toBe(400)
    expect(answer.body).not.toContain(token)
  })

  it('refuses a tokenless write whose target names another host and scheme', async () => {
    const body = JSON.stringify({ value: 'planted' })
    const answer = await sendRaw(
      port,
      [
        'PUT https://evil.com/__kv/api/value?key=planted HTTP/1.1',
        `Host: ${host}`,
        `Origin: https://${host}`,
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
      ],
      body,
    )
    expect(answer.status).toBe(400)
    expect(await readValue('planted')).toBeNull()
  })

  it('refuses a target naming this host over another scheme', async () => {
    const body = JSON.stringify({ value: 'planted' })
    const answer = await sendRaw(
      port,
      [
        `PUT https://${host}/__kv/api/value?key=scheme HTTP/1.1`,
        `Host: ${host}`,
        `Origin: https://${host}`,
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
      ],
      body,
    )
    expect(answer.status).toBe(400)
    expect(await readValue('scheme')).toBeNull()
  })

  it('refuses a target naming another port of this host', async () => {
    const answer = await sendRaw(port, [
      `GET http://127.0.0.1:${port + 1}/__kv/api/keys HTTP/1.1`,
      `Host: ${host}`,
    ])
    expect(answer.status).toBe(400)
  })

  it('answers a target naming this very origin as its path alone', async () => {
    await putValue('own', 'mine')
    const answer = await sendRaw(port, [
      `GET http://${host}/__kv/api/keys HTTP/1.1`,
      `Host: ${host}`,
      `x-kvdev-token: ${token}`,
    ])
    expect(answer.status).toBe(200)
    expect(answer.body).toContain('"own"')
  })

  it("never runs the mock user's routes for a target naming another host", async () => {
    const put = await app.fetch('/api/kv/values/diary', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'dear diary' }),
    })
    expect(put.status).toBe(200)
    for (const target of ['http://evil.com/api/kv/values/diary', 'http://evil.com/api/kv/keys']) {
      const answer = await sendRaw(port, [`GET ${target} HTTP/1.1`, `Host: ${host}`])
      expect(answer.body, target).not.toContain('dear diary')
      expect(answer.body, target).not.toContain('diary')
    }
  })
})

// Issue 18, item 6: a backslash made the request a bodiless GET of the slash-separated path.
describe('backslashes in request paths (issue 18)', () => {
  it("refuses a delete with a backslash on the mock user's routes and keeps the value", async () => {
    const put = await app.fetch('/api/kv/values/a/b', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'kept' }),
    })
    expect(put.status).toBe(200)
    const answer = await sendRaw(port, ['DELETE /api/kv/values/a\\b HTTP/1.1', `Host: ${host}`])
    expect(answer.status).toBe(400)
    expect(messageOf(answer)).toMatch(
      /^\[kvdev\] Backslash in the request path: "\/api\/kv\/values\/a\\\\b"/,
    )
    expect(answer.body).not.toContain('kept')
    expect(await readValue('user:ada:a/b')).toBe('"kept"')
  })

  it("refuses a backslash on the inspector's paths and keeps the value", async () => {
    await putValue('still', 'here')
    for (const target of ['/__kv/api\\value?key=still', '/__kv\\api/value?key=still']) {
      const answer = await sendRaw(port, [
        `DELETE ${target} HTTP/1.1`,
        `Host: ${host}`,
        `x-kvdev-token: ${token}`,
      ])
      expect(answer.status, target).toBe(400)
      expect(messageOf(answer), target).toMatch(/^\[kvdev\] Backslash in the request path/)
      expect(answer.body, target).not.toContain('here')
    }
    expect(await readValue('still')).toBe('here')
  })

  it('keeps a backslash in the query, where it is data', async () => {
    await putValue('back\\slash', 'fine')
    const answer = await sendRaw(port, [
      'GET /__kv/api/value?key=back\\slash HTTP/1.1',
      `Host: ${host}`,
      `x-kvdev-token: ${token}`,
    ])
    expect(answer.status).toBe(200)
    expect(answer.body).toBe('fine')
  })
})

// Issue 18, item 7: the signed-out branch handed next()'s result (the Context) on as the response.
describe('requests from another origin in the trace (issue 18)', () => {
  it('logs and traces the status the signed-out request got', async () => {
    const response = await app.fetch('/api/kv/keys', {
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    })
    expect(response.status).toBe(401)
    const line = app.logs.find((log) =>
      log.message.startsWith('[kvdev] GET /api/kv/keys '),
    )?.message
    expect(line).toMatch(/^\[kvdev\] GET \/api\/kv\/keys 401 anonymous/)
    const { requests } = await (await app.fetch('/__kv/api/requests', withToken())).json()
    const trace = requests.find((r: { path: string }) => r.path === '/api/kv/keys')
    expect(trace).toMatchObject({ method: 'GET', status: 401, persona: 'anonymous' })
  })
})
