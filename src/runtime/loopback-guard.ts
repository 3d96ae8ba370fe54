import { type IncomingMessage, Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
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

// biome-ignore lint/suspicious/noExplicitAny: a response or a socket, by event
type Listener = (req: IncomingMessage, target: any, head?: Buffer) => void

function refuseRequest(_req: IncomingMessage, res: ServerResponse) {
  res.writeHead(403, { 'content-length': '0', connection: 'close' }).end()
}

function refuseUpgrade(_req: IncomingMessage, socket: Duplex) {
  socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
}

/** Puts `refuse` before the server's own listeners of `event`, for foreign requests. */
function wrap(server: Server, event: 'request' | 'upgrade', refuse: Listener) {
  const listeners = server.listeners(event) as Listener[]
  server.removeAllListeners(event)
  server.on(event, (req: IncomingMessage, target: unknown, head?: Buffer) => {
    if (isForeignRequest(req)) return refuse(req, target)
    for (const listener of listeners) listener.call(server, req, target, head)
  })
}

/** True when `server` is the loopback server of the Miniflare whose entry is `entry`. */
async function servesEntry(server: Server, entry: URL): Promise<boolean> {
  const address = server.address()
  if (!address || typeof address === 'string') return false
  try {
    const reply = await fetch(`http://127.0.0.1:${address.port}/core/public-url`, {
      signal: AbortSignal.timeout(2000),
    })
    return (await reply.json()) === entry.href
  } catch {
    return false
  }
}

/**
 * Miniflare runs an HTTP server in this process for workerd to call back (logs, error pages,
 * temp files). It listens on loopback and checks nothing: any web page or local user could reach
 * it (its `/core/store-temp-file` writes a file whose path the query chooses), and a failing
 * request gets a 500 with a stack trace. Miniflare offers no option for it nor a handle on it:
 * the server is found among the process's handles by its listener, told apart from other
 * Miniflares' by asking it its entry URL, and made to answer foreign requests 403 before
 * Miniflare sees them.
 */
export async function guardLoopbackServer(entry: URL): Promise<boolean> {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles()
  for (const handle of handles) {
    if (!(handle instanceof Server) || guarded.has(handle)) continue
    if (!handle.listeners('request').some((l) => l.name === '#handleLoopback')) continue
    if (!(await servesEntry(handle, entry))) continue
    guarded.add(handle)
    wrap(handle, 'request', refuseRequest as Listener)
    wrap(handle, 'upgrade', refuseUpgrade as Listener)
    return true
  }
  return false
}
