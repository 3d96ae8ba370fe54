import { describe, expect, it } from 'vitest'
import { checkRequest, createToken, parseHost, tokensEqual } from '../../src/http'
import { isConfiguredHost, isLoopbackHost } from '../../src/http/host'
import { isSameOrigin } from '../../src/http/origin'
import { getCookie, getRequestToken } from '../../src/http/token'

const token = createToken()
const request = (url: string, init: RequestInit & { host?: string } = {}) => {
  const headers = new Headers(init.headers)
  if (init.host !== undefined) headers.set('host', init.host)
  return new Request(url, { ...init, headers })
}

describe('parseHost', () => {
  it('parses names, ports and bracketed ipv6', () => {
    expect(parseHost('LocalHost:5173')).toEqual({
      hostname: 'localhost',
      port: '5173',
      ipv6: false,
    })
    expect(parseHost('[::1]:8080')).toEqual({ hostname: '::1', port: '8080', ipv6: true })
    expect(parseHost('127.0.0.1')).toEqual({ hostname: '127.0.0.1', port: '', ipv6: false })
  })

  it('gives undefined for malformed hosts instead of throwing', () => {
    for (const bad of [
      '',
      'a b',
      'localhost:99999',
      'localhost:',
      '[::1',
      '[zz::1]',
      'user@localhost',
      'localhost/x',
      '.localhost',
      'x..y',
      'a'.repeat(400),
      'localhost:80:80',
      'héllo',
    ]) {
      expect(parseHost(bad), bad).toBeUndefined()
    }
    expect(parseHost(null)).toBeUndefined()
  })
})

describe('isLoopbackHost', () => {
  it('accepts localhost, subdomains of localhost and loopback addresses', () => {
    for (const ok of [
      'localhost',
      'app.localhost',
      '127.0.0.1',
      '127.1.2.3',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:7f00:1]',
    ]) {
      expect(isLoopbackHost(parseHost(ok)!), ok).toBe(true)
    }
  })

  it('refuses other names and addresses, including lookalikes', () => {
    for (const bad of [
      'evil.com',
      'localhost.evil.com',
      'evillocalhost',
      '10.0.0.1',
      '128.0.0.1',
      '127.0.0.256',
      '[::2]',
      '0.0.0.0',
    ]) {
      expect(isLoopbackHost(parseHost(bad)!), bad).toBe(false)
    }
  })
})

describe('isConfiguredHost', () => {
  it('follows vite allowedHosts: exact names, dot-prefixed domains, true for all', () => {
    const host = parseHost('api.dev.example')!
    expect(isConfiguredHost(host, ['api.dev.example'])).toBe(true)
    expect(isConfiguredHost(host, ['.dev.example'])).toBe(true)
    expect(isConfiguredHost(host, ['dev.example'])).toBe(false)
    expect(isConfiguredHost(parseHost('evil-dev.example')!, ['.dev.example'])).toBe(false)
    expect(isConfiguredHost(host, true)).toBe(true)
  })
})

describe('isSameOrigin', () => {
  const host = parseHost('localhost:5173')!
  it('accepts exactly the request origin', () => {
    expect(isSameOrigin('http://localhost:5173', 'http', host)).toBe(true)
    expect(isSameOrigin('http://localhost', 'http', parseHost('localhost:80')!)).toBe(true)
  })

  it('refuses null, other ports, other hosts, other schemes and malformed values', () => {
    for (const bad of [
      'null',
      'http://localhost:3000',
      'http://localhost',
      'https://localhost:5173',
      'http://evil.com:5173',
      'http://localhost:5173/',
      'http://user@localhost:5173',
      'localhost:5173',
      '',
    ]) {
      expect(isSameOrigin(bad, 'http', host), bad).toBe(false)
    }
    expect(isSameOrigin(null, 'http', host)).toBe(false)
  })
})

describe('tokens', () => {
  it('creates 32 random bytes as hex', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    expect(createToken()).not.toBe(token)
  })

  it('compares tokens and refuses everything else, prototype names included', () => {
    expect(tokensEqual(token, token)).toBe(true)
    for (const bad of [
      '',
      'toString',
      '__proto__',
      'constructor',
      token.slice(1),
      `${token}0`,
      undefined,
      null,
    ]) {
      expect(tokensEqual(bad, token), String(bad)).toBe(false)
    }
  })

  it('reads the token from x-kvdev-token or a bearer authorization', () => {
    expect(getRequestToken(new Headers({ 'x-kvdev-token': 'abc' }))).toBe('abc')
    expect(getRequestToken(new Headers({ authorization: 'Bearer abc' }))).toBe('abc')
    expect(getRequestToken(new Headers({ authorization: 'Basic abc' }))).toBeUndefined()
  })

  it('reads cookies without reaching the prototype', () => {
    expect(getCookie(new Headers({ cookie: 'a=1; kvdev_token=x' }), 'kvdev_token')).toBe('x')
    expect(getCookie(new Headers({ cookie: 'a=1' }), '__proto__')).toBeUndefined()
    expect(getCookie(new Headers({ cookie: 'a=1' }), 'constructor')).toBeUndefined()
  })
})

describe('checkRequest', () => {
  const options = { token }
  const status = (r: ReturnType<typeof checkRequest>) => (r.ok ? 200 : r.response.status)

  it('lets same-origin reads and json writes through', () => {
    expect(status(checkRequest(request('http://localhost:5173/__kv/api/keys'), options))).toBe(200)
    const write = request('http://localhost:5173/__kv/api/clear', {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(checkRequest(write, options)).toEqual({ ok: true, trusted: false, grantCookie: false })
  })

  it('answers a malformed host with 403', () => {
    const r = checkRequest(
      request('http://localhost:5173/__kv/api/keys', { host: 'bad host' }),
      options,
    )
    expect(status(r)).toBe(403)
  })

  it('refuses a dns-rebinding host unless configured', () => {
    const r = request('http://localhost/__kv/api/keys', { host: 'evil.com' })
    expect(status(checkRequest(r, options))).toBe(403)
    expect(status(checkRequest(r, { token, allowedHosts: ['evil.com'] }))).toBe(200)
    expect(status(checkRequest(r, { token, allowedHosts: true }))).toBe(200)
  })

  it('allows lan ip hosts only when exposed, and then only with the token', () => {
    const r = () => request('http://localhost/__kv/api/keys', { host: '192.168.1.5:5173' })
    expect(status(checkRequest(r(), options))).toBe(403)
    expect(status(checkRequest(r(), { token, exposed: true }))).toBe(401)
    const withToken = request('http://localhost/__kv/api/keys', {
      host: '192.168.1.5:5173',
      headers: { 'x-kvdev-token': token },
    })
    expect(status(checkRequest(withToken, { token, exposed: true }))).toBe(200)
  })

  it('refuses cross-origin preflights', () => {
    const r = request('http://localhost:5173/__kv/api/value', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000' },
    })
    expect(status(checkRequest(r, options))).toBe(403)
  })

  it('refuses other-site fetches but lets other sites navigate to the page', () => {
    const fetchRead = request('http://localhost:5173/__kv/api/keys', {
      headers: { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' },
    })
    expect(status(checkRequest(fetchRead, options))).toBe(403)
    const nav = request('http://localhost:5173/__kv/', {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
    })
    expect(status(checkRequest(nav, options, { page: true }))).toBe(200)
  })

  it('refuses a write without origin, unless it carries the token', () => {
    const init = { method: 'DELETE' }
    expect(
      status(checkRequest(request('http://localhost:5173/__kv/api/value?key=a', init), options)),
    ).toBe(403)
    const tokened = request('http://localhost:5173/__kv/api/value?key=a', {
      ...init,
      headers: { authorization: `Bearer ${token}` },
    })
    expect(checkRequest(tokened, options)).toEqual({ ok: true, trusted: true, grantCookie: false })
  })

  it('refuses a wrong token even on reads', () => {
    for (const bad of ['toString', '__proto__', 'constructor', 'x']) {
      const r = request('http://localhost:5173/__kv/api/keys', {
        headers: { 'x-kvdev-token': bad },
      })
      expect(status(checkRequest(r, options)), bad).toBe(401)
    }
  })

  it('refuses simple content types from the browser', () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const r = request('http://localhost:5173/__kv/api/seed', {
        method: 'POST',
        headers: { origin: 'http://localhost:5173', 'content-type': type },
        body: '{}',
      })
      expect(status(checkRequest(r, options)), type).toBe(415)
    }
  })

  it('hands an exposed page its token once through ?token=', () => {
    const exposed = { token, exposed: true }
    const page = (query: string) => request(`http://localhost:5173/__kv/${query}`)
    expect(status(checkRequest(page(''), exposed, { page: true }))).toBe(401)
    expect(status(checkRequest(page('?token=__proto__'), exposed, { page: true }))).toBe(401)
    expect(checkRequest(page(`?token=${token}`), exposed, { page: true })).toEqual({
      ok: true,
      trusted: false,
      grantCookie: true,
    })
    // The query token opens the page only, never the API.
    expect(
      status(checkRequest(request(`http://localhost:5173/__kv/api/keys?token=${token}`), exposed)),
    ).toBe(401)
    const withCookie = request('http://localhost:5173/__kv/api/keys', {
      headers: { cookie: `kvdev_token=${token}` },
    })
    expect(checkRequest(withCookie, exposed)).toEqual({
      ok: true,
      trusted: false,
      grantCookie: false,
    })
  })

  it('still needs same origin for writes carrying only the token cookie', () => {
    const r = request('http://localhost:5173/__kv/api/clear', {
      method: 'POST',
      headers: {
        cookie: `kvdev_token=${token}`,
        origin: 'http://localhost:3000',
        'content-type': 'application/json',
      },
    })
    expect(status(checkRequest(r, { token, exposed: true }))).toBe(403)
  })
})
