import { randomBytes } from 'node:crypto'
import { pick, randomInt } from './values'

export interface HostileRequest {
  method: string
  path: string
  headers: Record<string, string>
  body?: Buffer
  /** True when the request carries the token or the exact same origin: it may change state. */
  authorized: boolean
}

const SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~:@!$&'()*+,;="

function segment(): string {
  switch (randomInt(0, 11)) {
    case 0:
      return '%zz'
    case 1:
      return `${pick(['%', '%2', '%C0%AF', '%00', '%ff%fe', '%E2%82', '%25zz', '%2F..%2F'])}${pick(['', 'x', '%'])}`
    case 2:
      return encodeURIComponent(
        String.fromCodePoint(
          ...Array.from({ length: randomInt(1, 8) }, () => randomInt(0x20, 0x10ffff)).filter(
            (c) => c < 0xd800 || c > 0xdfff,
          ),
        ),
      )
    case 3:
      return 'k'.repeat(randomInt(500, 3000))
    case 4:
      return pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '..', '.', ''])
    case 5:
      return pick([
        'KV',
        'CACHE',
        'kv-id',
        'nope',
        '-1',
        '0',
        '1001',
        '99999999999999999999',
        'NaN',
        'true',
      ])
    default:
      return Array.from(
        { length: randomInt(0, 24) },
        () => SAFE[randomInt(0, SAFE.length - 1)],
      ).join('')
  }
}

const query = (names: string[]) =>
  names
    .filter(() => Math.random() < 0.7)
    .map((name) => `${name}=${segment()}`)
    .join('&')

function path(): string {
  const api = '/__kv/api'
  const ns = `${api}/client/v4/accounts/${segment()}/storage/kv/namespaces`
  return pick([
    () => '/__kv/',
    () => '/__kv',
    () => `/__kv/${segment()}`,
    () => `/__kv/assets/${segment()}.js`,
    () => `${api}/info`,
    () => `${api}/keys?${query(['binding', 'prefix', 'limit', 'cursor'])}`,
    () => `${api}/count?${query(['binding', 'prefix'])}`,
    () => `${api}/key?${query(['binding', 'key', 'preview'])}`,
    () => `${api}/value?${query(['binding', 'key'])}`,
    () => `${api}/stats?${query(['binding', 'prefix'])}`,
    () => `${api}/seed?${query(['binding', 'mode', 'dryRun'])}`,
    () => `${api}/clear?${query(['binding', 'prefix', 'dryRun'])}`,
    () => `${api}/export?${query(['binding', 'prefix', 'format'])}`,
    () => `${api}/users`,
    () => `${api}/users/active`,
    () => `${api}/events`,
    () => `${api}/${segment()}`,
    () => `${ns}`,
    () => `${ns}/${pick(['KV', 'kv-id', segment()])}`,
    () => `${ns}/${pick(['KV', 'kv-id', segment()])}/values/${segment()}`,
    () => `${ns}/${pick(['KV', 'kv-id', segment()])}/metadata/${segment()}`,
    () => `${ns}/${pick(['KV', 'kv-id', segment()])}/keys?${query(['prefix', 'limit', 'cursor'])}`,
    () => `${ns}/${pick(['KV', 'kv-id', segment()])}/bulk`,
    () => `${ns}/${pick(['KV', 'kv-id', segment()])}/bulk/${pick(['get', 'delete', segment()])}`,
    () => `/api/${segment()}`,
    () => '/api/',
    () => `/.wrangler/state/kvdev/${pick(['server.json', 'lock'])}`,
    () => `/__kv/${pick(['..', '%2e%2e', '.%2e'])}/${pick(['..', '%2e%2e'])}/package.json`,
    () => `/${segment()}`,
  ])()
}

function body(): Buffer | undefined {
  switch (randomInt(0, 9)) {
    case 0:
      return undefined
    case 1:
      return Buffer.from(
        JSON.stringify(
          pick([
            { value: segment(), metadata: { a: 1 } },
            [{ key: segment(), value: segment() }],
            { keys: [segment()] },
            { text: '{"a":"b"}' },
            { sub: segment() },
            {},
            JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`),
          ]),
        ),
      )
    case 2:
      return Buffer.from(`${'{"a":'.repeat(randomInt(10, 5000))}1${'}'.repeat(10)}`)
    case 3:
      return randomBytes(randomInt(10_000, 200_000))
    default:
      return randomBytes(randomInt(0, 2000))
  }
}

/**
 * A random request against the dev server at `origin` (e.g. http://127.0.0.1:1234).
 * `allowAuthorized: false` turns every request into one the guard must refuse for
 * state changes: never the token, never the exact same origin.
 */
export function createHostileRequest(
  origin: string,
  token: string,
  allowAuthorized: boolean,
): HostileRequest {
  const { host } = new URL(origin)
  const port = new URL(origin).port
  const method = pick([
    'GET',
    'HEAD',
    'POST',
    'PUT',
    'DELETE',
    'PATCH',
    'OPTIONS',
    'PROPFIND',
    'put',
    'TRACE',
  ])
  const headers: Record<string, string> = {
    host: pick([
      host,
      host,
      host,
      `localhost:${port}`,
      'evil.example',
      `127.0.0.1.nip.io:${port}`,
      '[::1',
      'localhost:',
      `${host}@evil.example`,
      'a'.repeat(300),
      `LOCALHOST:${port}`,
    ]),
  }
  const sameOrigin = pick([origin, `http://localhost:${port}`])
  const originChoice = pick([
    undefined,
    'null',
    'http://evil.example',
    `http://localhost:${Number(port) + 1}`,
    `https://${host}`,
    `${origin}/`,
    'http://[::1',
    '%zz',
    sameOrigin,
  ])
  if (originChoice !== undefined) headers.origin = originChoice
  const credential = randomInt(0, 5)
  if (credential === 1) headers['x-kvdev-token'] = token
  if (credential === 2) headers.authorization = `Bearer ${token}`
  if (credential === 3)
    headers['x-kvdev-token'] = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0')
  if (credential === 4)
    headers.authorization = pick([
      'Bearer',
      `Basic ${token}`,
      `Bearer ${token}x`,
      'Bearer __proto__',
    ])
  if (credential === 5)
    headers.cookie = pick([
      `kvdev_token=${token}`,
      'kvdev_user=__proto__',
      `kvdev_user=${segment()}`,
    ])
  const contentType = pick([
    undefined,
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=utf-16',
    'application/octet-stream',
    '%zz',
  ])
  if (contentType) headers['content-type'] = contentType
  if (Math.random() < 0.1) headers['x-kvdev-user'] = pick(['__proto__', 'anonymous', segment()])
  const hasToken = credential === 1 || credential === 2
  const hasOrigin = originChoice === sameOrigin || originChoice === `${origin}/`
  let authorized = hasToken || hasOrigin
  if (!allowAuthorized && authorized) {
    // Strip the credential: these requests must all be refused for state changes.
    delete headers['x-kvdev-token']
    delete headers.authorization
    if (hasOrigin) headers.origin = 'http://evil.example'
    authorized = false
  }
  const withBody = !['GET', 'HEAD'].includes(method) || Math.random() < 0.1
  return { method, path: path(), headers, body: withBody ? body() : undefined, authorized }
}
