import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { API_LIMITS, createKvdevHandler, createToken, type KvdevHandler } from '../../src/http'
import { createKvRuntime, type KvRuntime } from '../../src/runtime/create-kv-runtime'
import { createPersonas } from '../../src/users/personas'

const ORIGIN = 'http://localhost:5173'
const token = createToken()
let runtime: KvRuntime
let handle: KvdevHandler
let exposedHandle: KvdevHandler

const inspectorPage = async () =>
  new Response(`<meta name="kvdev-token" content="${token}">`, {
    headers: { 'content-type': 'text/html' },
  })

beforeAll(async () => {
  runtime = await createKvRuntime({ persist: false })
  const options = {
    runtime,
    token,
    personas: createPersonas(undefined),
    root: '/project',
    inspectorPage,
  }
  handle = createKvdevHandler(options)
  exposedHandle = createKvdevHandler({ ...options, exposed: true })
})
afterAll(() => runtime.dispose())
beforeEach(async () => {
  await runtime.store().seed([{ key: 'victim', value: 'safe' }], 'replace')
})

async function send(path: string, init: RequestInit & { host?: string } = {}, handler = handle) {
  const headers = new Headers(init.headers)
  if (init.host !== undefined) headers.set('host', init.host)
  const response = await handler(
    new Request(`${ORIGIN}/__kv/${path}`, { ...init, headers, duplex: 'half' } as RequestInit),
  )
  if (!response) throw new Error(`no response for ${path}`)
  return response
}

/** The store still holds exactly what `beforeEach` put there. */
async function expectUnchanged() {
  expect(await runtime.env.KV!.get('victim')).toBe('safe')
  expect(await runtime.store().count()).toBe(1)
}

const json = { 'content-type': 'application/json' }
const overwrite = JSON.stringify({ value: 'pwned' })

describe('guard against attacks', () => {
  it('stops a dns-rebinding page on evil.com from writing or reading', async () => {
    // After rebinding, the page's own origin matches the Host it sends: only the host check stops it.
    const host = 'evil.com:5173'
    const write = await send('api/value?key=victim', {
      method: 'PUT',
      host,
      headers: { ...json, origin: 'http://evil.com:5173' },
      body: overwrite,
    })
    expect(write.status).toBe(403)
    expect((await write.json()).errors[0].message).toBe(
      '[kvdev] Host not allowed: "evil.com". Use localhost, or add it to Vite\'s `server.allowedHosts`.',
    )
    expect((await send('api/value?key=victim', { host })).status).toBe(403)
    expect((await send('', { host })).status).toBe(403)
    await expectUnchanged()
  })

  it('stops a cross-site text/plain post that needs no preflight', async () => {
    const body = JSON.stringify({ text: JSON.stringify({ victim: 'pwned' }) })
    const crossSite = await send('api/seed?mode=replace', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body,
    })
    expect(crossSite.status).toBe(403)
    // Even from this origin, a simple content type is refused without the token.
    const sameOrigin = await send('api/seed?mode=replace', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'text/plain' },
      body,
    })
    expect(sameOrigin.status).toBe(415)
    await expectUnchanged()
  })

  it('stops a delete from another localhost port', async () => {
    const response = await send('api/value?key=victim', {
      method: 'DELETE',
      headers: { origin: 'http://localhost:3000' },
    })
    expect(response.status).toBe(403)
    expect((await response.json()).errors[0].message).toMatch(
      /Cross-origin write refused: Origin "http:\/\/localhost:3000"/,
    )
    expect(
      (
        await send('api/clear', {
          method: 'POST',
          headers: { ...json, origin: 'http://127.0.0.1:5173' },
          body: '{}',
        })
      ).status,
    ).toBe(403)
    await expectUnchanged()
  })

  it('stops a write from an opaque origin (null)', async () => {
    expect(
      (
        await send('api/clear', {
          method: 'POST',
          headers: { ...json, origin: 'null' },
          body: '{}',
        })
      ).status,
    ).toBe(403)
    await expectUnchanged()
  })

  it('stops a write without origin or token, and with a wrong token', async () => {
    expect((await send('api/value?key=victim', { method: 'DELETE' })).status).toBe(403)
    for (const wrong of [
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      token.toUpperCase(),
      `${token}0`,
    ]) {
      const header = await send('api/value?key=victim', {
        method: 'DELETE',
        headers: { 'x-kvdev-token': wrong },
      })
      expect(header.status, wrong).toBe(401)
      const bearer = await send('api/clear', {
        method: 'POST',
        headers: { authorization: `Bearer ${wrong}` },
      })
      expect(bearer.status, wrong).toBe(401)
    }
    await expectUnchanged()
    // The right token works without an origin, whatever the content type (the CLI).
    const cli = await send('api/value?key=other', {
      method: 'PUT',
      headers: { 'x-kvdev-token': token, 'content-type': 'text/plain' },
      body: overwrite,
    })
    expect(cli.status).toBe(200)
  })

  it('refuses cross-origin preflights without cors headers', async () => {
    const response = await send('api/value?key=victim', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'DELETE' },
    })
    expect(response.status).toBe(403)
    expect([...response.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([])
  })

  it('refuses an oversize body with a declared length before reading it', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          pulled++
          c.enqueue(new Uint8Array(1024))
        },
      },
      { highWaterMark: 0 },
    )
    const response = await send('api/value?key=victim', {
      method: 'PUT',
      headers: {
        'x-kvdev-token': token,
        ...json,
        'content-length': String(API_LIMITS.MAX_VALUE_BODY_BYTES + 1),
      },
      body,
    })
    expect(response.status).toBe(413)
    expect(pulled).toBe(0)
    await expectUnchanged()
  })

  it('refuses an oversize body without a declared length as soon as it passes the limit', async () => {
    let sent = 0
    const chunk = new Uint8Array(1024 * 1024).fill(0x20)
    const body = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          if (sent === 0) c.enqueue(new TextEncoder().encode('{"value":"'))
          sent += chunk.byteLength
          c.enqueue(chunk)
        },
      },
      { highWaterMark: 0 },
    )
    const response = await send('api/value?key=victim', {
      method: 'PUT',
      headers: { 'x-kvdev-token': token, ...json },
      body,
    })
    expect(response.status).toBe(413)
    expect(sent).toBeLessThan(API_LIMITS.MAX_VALUE_BODY_BYTES + 4 * chunk.byteLength)
    await expectUnchanged()
  })

  it('answers a malformed host with 403 and no exception', async () => {
    for (const host of [
      '',
      'local host',
      'localhost:99999',
      '[::1',
      'localhost@evil.com',
      'évil.com',
    ]) {
      const response = await send('api/clear', {
        method: 'POST',
        host,
        headers: { ...json, origin: ORIGIN },
        body: '{}',
      })
      expect(response.status, host).toBe(403)
    }
    await expectUnchanged()
  })

  it('never changes state on GET, whatever the query says', async () => {
    expect((await send('api/clear')).status).toBe(405)
    expect((await send('api/value?key=victim&_method=DELETE')).status).toBe(200)
    expect((await send('api/seed?mode=replace')).status).toBe(405)
    await expectUnchanged()
  })

  it('treats keys, bindings and routes named after prototype properties as plain data', async () => {
    const headers = { ...json, origin: ORIGIN }
    await send('api/value?key=__proto__', {
      method: 'PUT',
      headers,
      body: JSON.stringify({ value: 'p' }),
    })
    expect(
      (await send('api/value?key=__proto__', { method: 'DELETE', headers: { origin: ORIGIN } }))
        .status,
    ).toBe(200)
    expect((await send('api/keys?binding=__proto__')).status).toBe(404)
    expect((await send('api/keys?binding=constructor')).status).toBe(404)
    expect((await send('api/toString')).status).toBe(404)
    await expectUnchanged()
  })

  it('needs the token for everything when exposed beyond loopback', async () => {
    const host = '192.168.1.20:5173'
    const lan = (path: string, init: RequestInit = {}) =>
      send(path, { ...init, host }, exposedHandle)
    expect((await lan('api/keys')).status).toBe(401)
    expect((await lan('')).status).toBe(401)
    expect(
      (
        await lan('api/value?key=victim', {
          method: 'DELETE',
          headers: { origin: 'http://192.168.1.20:5173' },
        })
      ).status,
    ).toBe(401)
    expect((await lan('api/keys', { headers: { 'x-kvdev-token': token } })).status).toBe(200)
    // A DNS name is still refused: only IP literals are allowed beyond loopback.
    expect(
      (
        await send(
          'api/keys',
          { host: 'evil.com', headers: { 'x-kvdev-token': token } },
          exposedHandle,
        )
      ).status,
    ).toBe(403)
    await expectUnchanged()
  })

  it('hands an exposed browser the token once, as an HttpOnly cookie', async () => {
    const host = '192.168.1.20:5173'
    const granted = await send(`?token=${token}`, { host }, exposedHandle)
    expect(granted.status).toBe(303)
    expect(granted.headers.get('location')).toBe('/__kv/')
    const cookie = granted.headers.get('set-cookie')!
    expect(cookie).toBe(`kvdev_token=${token}; Path=/__kv; HttpOnly; SameSite=Strict`)
    const page = await send('', { host, headers: { cookie: cookie.split(';')[0]! } }, exposedHandle)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'self'; frame-ancestors 'self'; object-src 'none'",
    )
    expect((await send('?token=__proto__', { host }, exposedHandle)).status).toBe(401)
  })
})
