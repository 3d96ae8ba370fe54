import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { buildsPath } from './loopback-query'
import { isFromChildProcess } from './peer-process'

const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/
const guarded = new WeakSet<Server>()
const fromChild = new WeakMap<Socket, boolean | undefined>()

/**
 * A request a browser sent (`Origin`, `Sec-Fetch-*`), one for another name (DNS rebinding),
 * or, where the peer can be told (Linux), one from any process but the workerd kvdev started.
 */
export function isForeignRequest(req: IncomingMessage): boolean {
  for (const name of Object.keys(req.headers)) {
    if (name === 'origin' || name.startsWith('sec-fetch-')) return true
  }
  if (!LOOPBACK_HOST.test(req.headers.host ?? '')) return true
  if (!fromChild.has(req.socket)) fromChild.set(req.socket, isFromChildProcess(req.socket))
  return fromChild.get(req.socket) === false
}

/** The status a request gets instead of reaching Miniflare, or undefined when Miniflare may have it. */
export function getLoopbackRefusal(req: IncomingMessage): 400 | 403 | undefined {
  if (isForeignRequest(req)) return 403
  // Whoever sends it: Miniflare would join the query into a file path.
  if (buildsPath(req)) return 400
  return undefined
}

const STATUS_TEXT = { 400: 'Bad Request', 403: 'Forbidden' } as const

function refuseRequest(res: ServerResponse, status: 400 | 403) {
  res.writeHead(status, { 'content-length': '0', connection: 'close' }).end()
}

function refuseSocket(socket: Duplex, status: 400 | 403) {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
  )
}

/** The events through which an HTTP server hands a request to its listeners, by what comes with it. */
const WITH_RESPONSE = new Set<string | symbol>(['request', 'checkContinue', 'checkExpectation'])
const WITH_SOCKET = new Set<string | symbol>(['upgrade', 'connect'])

/**
 * Miniflare runs an HTTP server in this process for workerd to call back (logs, error pages,
 * temp files). It listens on loopback and, in Miniflare 4, checks nothing: any web page or local
 * user could reach it (its `/core/store-temp-file` writes a file whose path the query chooses), and
 * a failing request gets a 500 with a stack trace. Miniflare offers no option for it, so
 * `guarded-start.ts` hands each server Miniflare starts here before it listens
 * (CONTRIBUTING.md#security). The guard sits in `emit`: it comes before every listener, added
 * before or after, for requests and upgrades alike.
 */
export function guardLoopbackServer(server: Server): void {
  if (guarded.has(server)) return
  guarded.add(server)
  const emit = server.emit as (this: Server, ...args: unknown[]) => boolean
  server.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (WITH_RESPONSE.has(event) || WITH_SOCKET.has(event)) {
      const refusal = getLoopbackRefusal(args[0] as IncomingMessage)
      if (refusal !== undefined) {
        if (WITH_RESPONSE.has(event)) refuseRequest(args[1] as ServerResponse, refusal)
        else refuseSocket(args[1] as Duplex, refusal)
        return true
      }
    }
    return emit.call(this, event, ...args)
  } as Server['emit']
}
