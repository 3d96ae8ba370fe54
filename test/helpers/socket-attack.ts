import { request } from 'node:http'
import WebSocket from 'ws'
import { encodeFrame } from '../../src/runtime/frame'

export interface AttackResult {
  port: number
  attack: string
  /** Marked as a browser marks it (`Origin`, `Sec-Fetch-*`) or for a foreign Host (DNS rebinding). */
  browser: boolean
  /** The HTTP status, `open` for a WebSocket that connected, or the network error. */
  outcome: number | 'open' | string
  body: string
}

const EVIL = 'https://evil.example'
const frame = (header: unknown, body?: string) =>
  Buffer.from(encodeFrame(header, body === undefined ? undefined : Buffer.from(body)))

/** What a page on another site, or DNS rebinding, sends to a loopback port it found. */
interface AttackInit {
  method?: string
  headers?: Record<string, string>
  body?: Buffer | string
}

const HTTP_ATTACKS: { attack: string; path: string; init: AttackInit }[] = [
  ...['dump', 'list', 'clear'].flatMap((op) => [
    {
      attack: `POST / ${op} frame, text/plain, Origin`,
      path: '/',
      init: {
        method: 'POST',
        headers: { origin: EVIL, 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
        body: frame({ id: 1, binding: 'KV', op }),
      },
    },
    {
      attack: `POST / ${op} frame, no Origin`,
      path: '/',
      init: { method: 'POST', body: frame({ id: 1, binding: 'KV', op }) },
    },
  ]),
  {
    attack: 'POST / put frame, no-cors',
    path: '/',
    init: {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'text/plain', 'sec-fetch-mode': 'no-cors' },
      body: frame({ id: 1, binding: 'KV', op: 'put', key: 'planted', options: {} }, 'evil'),
    },
  },
  {
    attack: 'POST / delete frame, Host evil',
    path: '/',
    init: {
      method: 'POST',
      headers: { host: 'evil.example' },
      body: frame({ id: 1, binding: 'KV', op: 'delete', key: 'secret' }),
    },
  },
  {
    attack: 'POST / JSON frame header only',
    path: '/',
    init: { method: 'POST', body: '{"binding":"KV","op":"dump"}' },
  },
  { attack: 'GET /', path: '/', init: {} },
  ...[
    '/cdn-cgi/explorer',
    '/cdn-cgi/explorer/api/storage/kv/namespaces',
    '/cdn-cgi/handler/scheduled',
    '/cdn-cgi/mf/scheduled',
    '/cdn-cgi/platform-proxy',
    '/cdn-cgi/mf/reload',
    '/core/log',
    '/core/error',
    '/core/dev-registry',
    '/core/public-url',
  ].flatMap((path) => [
    { attack: `GET ${path}`, path, init: {} },
    {
      attack: `POST ${path}, Origin`,
      path,
      init: { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: 'x' },
    },
  ]),
  {
    attack: 'POST /core/store-temp-file, Origin',
    path: '/core/store-temp-file?extension=txt',
    init: { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: 'x' },
  },
  {
    attack: 'GET /core/dev-registry, Sec-Fetch-Site',
    path: '/core/dev-registry',
    init: { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' } },
  },
]

function fromBrowser(headers: Record<string, string> | undefined): boolean {
  return Object.keys(headers ?? {}).some(
    (name) => name === 'origin' || name === 'host' || name.startsWith('sec-fetch-'),
  )
}

/** Over node:http, so exactly these headers go out (fetch would add `Sec-Fetch-Mode`). */
function httpAttack(port: number, path: string, init: AttackInit) {
  return new Promise<{ outcome: number | string; body: string }>((done) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        let body = ''
        res.setEncoding('latin1')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => done({ outcome: res.statusCode!, body: body.slice(0, 2000) }))
      },
    )
    req.setTimeout(5000, () => req.destroy(new Error('timeout')))
    req.on('error', (error) => done({ outcome: `error: ${error.message}`, body: '' }))
    req.end(init.body)
  })
}

function wsAttack(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ outcome: number | 'open' | string; body: string }>((done) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers })
    const timer = setTimeout(() => {
      ws.terminate()
      done({ outcome: 'error: timeout', body: '' })
    }, 5000)
    ws.once('open', () => {
      ws.send(frame({ id: 1, binding: 'KV', op: 'dump' }))
      ws.once('message', (data: Buffer) => {
        clearTimeout(timer)
        ws.close()
        done({ outcome: 'open', body: data.toString('latin1') })
      })
    })
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer)
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk))
      res.on('end', () => done({ outcome: res.statusCode ?? 0, body }))
      res.on('error', () => done({ outcome: res.statusCode ?? 0, body }))
    })
    ws.once('error', (error) => {
      clearTimeout(timer)
      done({ outcome: `error: ${error.message}`, body: '' })
    })
  })
}

/** Every attack on every port; the caller checks that none got through. */
export async function attackPorts(ports: number[]): Promise<AttackResult[]> {
  const results: AttackResult[] = []
  for (const port of ports) {
    for (const { attack, path, init } of HTTP_ATTACKS) {
      const browser = fromBrowser(init.headers)
      results.push({ port, attack, browser, ...(await httpAttack(port, path, init)) })
    }
    for (const [attack, path, headers] of [
      ['WebSocket /, no Origin', '/', {}],
      ['WebSocket /, Origin', '/', { origin: EVIL }],
      ['WebSocket /, wrong secret', '/', { 'x-kvdev-secret': 'guess' }],
      ['WebSocket /cdn-cgi/mf/reload, Origin', '/cdn-cgi/mf/reload', { origin: EVIL }],
    ] as const) {
      const browser = fromBrowser(headers)
      results.push({ port, attack, browser, ...(await wsAttack(port, path, headers)) })
    }
  }
  return results
}

/** An answer that let an attack through: data, a socket, a success or a stack trace. */
export function gotThrough(result: AttackResult): boolean {
  if (result.outcome === 'open') return true
  if (typeof result.outcome === 'string') return false
  return result.outcome < 400 || result.outcome >= 500 || /\n\s+at /.test(result.body)
}
