import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createHostileRequest, type HostileRequest } from './helpers/hostile'
import { scaled } from './helpers/paths'
import { createRestClient } from './helpers/rest'
import { type ServerChild, startServer } from './helpers/server'
import { randomInt, taggedValue } from './helpers/values'

const REQUESTS = scaled(20_000)
/** Share of the requests that carry a valid credential (they may change state). */
const AUTHORIZED_SHARE = 0.1
const CONCURRENCY = 16
const RESPONSE_DEADLINE_MS = 5000
/** Bodies over the 25 MiB value limit: costly, so a few. */
const OVERSIZED = scaled(4)

interface Outcome {
  status: number
  ms: number
  body: string
}

/** Sends one request on a keep-alive agent; reads at most 256 KiB of the answer (event streams never end). */
function send(
  agent: Agent,
  url: URL,
  hostile: HostileRequest,
): Promise<Outcome | { error: string }> {
  return new Promise((done) => {
    const started = performance.now()
    let req: ReturnType<typeof request>
    try {
      req = request({
        agent,
        host: '127.0.0.1',
        port: url.port,
        method: hostile.method,
        path: hostile.path,
        headers: hostile.headers,
      })
    } catch (error) {
      // Node refused to send it (e.g. a header it considers invalid): nothing reached the server.
      done({ error: `client: ${(error as Error).message}` })
      return
    }
    const timer = setTimeout(() => {
      req.destroy()
      done({
        error: `no response in ${RESPONSE_DEADLINE_MS} ms: ${hostile.method} ${hostile.path.slice(0, 200)}`,
      })
    }, RESPONSE_DEADLINE_MS)
    req.on('response', (res) => {
      const ms = performance.now() - started
      clearTimeout(timer)
      let body = ''
      const finish = () => done({ status: res.statusCode!, ms, body })
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy()
        finish()
        return
      }
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString('latin1')
        if (body.length > 256 * 1024) {
          res.destroy()
          finish()
        }
      })
      res.on('end', finish)
      res.on('error', finish)
    })
    req.on('error', (error) => {
      clearTimeout(timer)
      // The server may cut an oversized upload short after answering 413: not a crash.
      done({ error: `socket: ${error.message}` })
    })
    req.end(hostile.body)
  })
}

/** Everything in the store, through the export endpoint (a read with the token). */
async function snapshot(server: ServerChild): Promise<string> {
  const response = await fetch(`${server.url}/__kv/api/export?format=ndjson`, {
    headers: { 'x-kvdev-token': server.token },
  })
  expect(response.status).toBe(200)
  const lines = (await response.text()).split('\n').filter(Boolean)
  return lines.sort().join('\n')
}

describe('hostile http: random requests against a dev server', () => {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
  let server: ServerChild | undefined
  afterAll(async () => {
    await server?.kill('SIGTERM')
    rmSync(root, { recursive: true, force: true })
  })

  it('never crashes, always answers in time and changes nothing it should not', async () => {
    server = await startServer(root, 'plugin')
    const url = new URL(server.url)
    const rest = createRestClient(server.url, server.token)
    for (let i = 0; i < 50; i++) await rest.put(`seed:${i}`, taggedValue(randomInt(0, 3000)))
    await rest.put('__proto__', 'ordinary')

    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
    const statuses = new Map<number, number>()
    const problems: string[] = []
    let clientRefused = 0
    let socketErrors = 0
    let sent = 0

    const run = async (count: number, allowAuthorized: boolean) => {
      let next = 0
      const lane = async () => {
        while (next < count) {
          next++
          const hostile = createHostileRequest(
            server!.url,
            server!.token,
            allowAuthorized && Math.random() < AUTHORIZED_SHARE,
          )
          const outcome = await send(agent, url, hostile)
          sent++
          if ('error' in outcome) {
            if (outcome.error.startsWith('client:')) clientRefused++
            else if (outcome.error.startsWith('socket:')) socketErrors++
            else problems.push(outcome.error)
            continue
          }
          statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1)
          if (outcome.status >= 500)
            problems.push(
              `${outcome.status} for ${hostile.method} ${hostile.path.slice(0, 200)}: ${outcome.body.slice(0, 300)}`,
            )
          if (hostile.path.includes('.wrangler') && outcome.body.includes(server!.token))
            problems.push(`token leaked by ${hostile.path}`)
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, lane))
    }

    // Phase 1: nothing carries a credential, so the store must come out byte for byte the same.
    const before = await snapshot(server)
    await run(Math.round(REQUESTS * (1 - AUTHORIZED_SHARE)), false)
    // Oversized bodies without credentials: refused before buffering, the store untouched.
    for (let i = 0; i < OVERSIZED; i++) {
      const outcome = await send(agent, url, {
        method: 'PUT',
        path: `/__kv/api/client/v4/accounts/x/storage/kv/namespaces/KV/values/seed:${i}`,
        headers: { host: url.host, 'content-type': 'application/octet-stream' },
        body: Buffer.alloc(25 * 1024 * 1024 + 1 + i, 120),
        authorized: false,
      })
      sent++
      if ('status' in outcome) expect(outcome.status).toBeGreaterThanOrEqual(400)
    }
    expect(await snapshot(server)).toBe(before)

    // Phase 2: a share with valid credentials and garbage everywhere else; may change state, must not crash.
    await run(Math.round(REQUESTS * AUTHORIZED_SHARE), true)

    // Raw garbage on the socket: malformed request lines and headers.
    for (let i = 0; i < 200; i++) {
      await new Promise<void>((done) => {
        const socket = connect(Number(url.port), '127.0.0.1', () => {
          socket.end(pick2(i))
        })
        socket.on('data', () => {})
        socket.on('error', () => done())
        socket.on('close', () => done())
        socket.setTimeout(RESPONSE_DEADLINE_MS, () => socket.destroy())
      })
      sent++
    }
    agent.destroy()

    // Still alive and answering, with no unhandled rejection logged.
    const info = await fetch(`${server.url}/__kv/api/info`)
    expect(info.status).toBe(200)
    expect(server.child.exitCode).toBe(null)
    server.child.kill('SIGUSR2')
    await new Promise((done) => setTimeout(done, 300))
    expect(server.stderr()).toMatch(/unhandled rejections: 0\n/)
    expect(server.stderr()).not.toMatch(/unhandled rejection:/)
    expect(problems).toEqual([])
    console.info(
      `[reliability] hostile: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${clientRefused} not sendable by node's client, ${socketErrors} cut sockets, 0 crashes`,
    )
  })
})

/**
 * Regressions found by this suite and fixed: a Host that parses as credentials and methods
 * fetch cannot represent (TRACE, TRACK) were answered 500; a `kvdev_user` cookie that is not
 * valid percent-encoding (any app on localhost can set one) broke every route.
 */
describe('hostile http: regressions', () => {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
  let server: ServerChild | undefined
  afterAll(async () => {
    await server?.kill('SIGTERM')
    rmSync(root, { recursive: true, force: true })
  })
  const status = (method: string, path: string, host: string) =>
    new Promise<number>((done, fail) => {
      const url = new URL(server!.url)
      request({ host: '127.0.0.1', port: url.port, method, path, headers: { host } }, (res) => {
        res.resume()
        done(res.statusCode!)
      })
        .on('error', fail)
        .end()
    })

  it('refuses a host with userinfo with 403, not 500', async () => {
    server ??= await startServer(root, 'plugin')
    expect(await status('GET', '/__kv/api/info', `${new URL(server.url).host}@evil.example`)).toBe(
      403,
    )
  })

  it('ignores a kvdev_user cookie that is not valid percent-encoding', async () => {
    server ??= await startServer(root, 'plugin')
    const response = await fetch(`${server.url}/__kv/api/users`, {
      headers: { cookie: 'kvdev_user=%zz' },
    })
    expect(response.status).toBe(200)
  })

  it('answers TRACE with a 4xx, not 500, and leaves paths it does not own alone', async () => {
    server ??= await startServer(root, 'plugin')
    const host = new URL(server.url).host
    expect(await status('TRACE', '/__kv/api/info', host)).toBeLessThan(500)
    expect(await status('TRACE', '/not-kvdev', host)).toBeLessThan(500)
  })
})

function pick2(i: number): Buffer | string {
  const samples = [
    'GET / HTTP/1.1\r\n\r\n',
    'GARBAGE\r\n\r\n',
    `GET /__kv/api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n`,
    `POST /__kv/api/seed HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
    `PUT /__kv/api/value?key=a HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n`,
    `GET /__kv/%zz HTTP/1.1\r\nHost: \x00\r\n\r\n`,
  ]
  return i % 7 === 6
    ? Buffer.from(Array.from({ length: 512 }, () => Math.floor(Math.random() * 256)))
    : samples[i % 6]!
}
