import type { KVNamespace } from '../../types/kv-namespace'
import { decodeFrame, encodeFrame } from '../frame'
import { ops } from './ops'
import { SECRET_BINDING, SECRET_HEADER } from './secret'

/**
 * kvdev's internal worker. It runs inside workerd, bound to every KV namespace, and answers
 * Node over one WebSocket (`../transport.ts`), one frame (`../frame.ts`) per call.
 *
 * workerd's sockets listen on loopback, where any web page can reach them: the worker
 * answers only kvdev's own process (the secret, checked once per connection) and refuses
 * anything a browser sent (`Origin`, `Sec-Fetch-*`) before it touches a binding
 * (CONTRIBUTING.md#security).
 */
type Env = Record<string, unknown>
const encoder = new TextEncoder()

async function handle(env: Env, data: ArrayBuffer): Promise<Uint8Array> {
  const { header, body } = decodeFrame<Record<string, unknown>>(new Uint8Array(data))
  try {
    const name = String(header.binding)
    // The secret is a text binding: never answered as a namespace.
    const ns = name !== SECRET_BINDING && Object.hasOwn(env, name) ? env[name] : undefined
    if (!ns) throw new Error(`No KV binding named ${name}`)
    const op = Object.hasOwn(ops, String(header.op)) ? ops[String(header.op)] : undefined
    if (!op) throw new Error(`Unknown operation ${header.op}`)
    const [result, out] = await op(ns as KVNamespace, header, body)
    return encodeFrame({ id: header.id, ok: true, ...result }, out)
  } catch (error) {
    const { name, message } = error as Error
    return encodeFrame({ id: header.id, ok: false, error: { name, message } })
  }
}

function fromKvdev(request: Request, env: Env): boolean {
  for (const [name] of request.headers) {
    if (name === 'origin' || name.startsWith('sec-fetch-')) return false
  }
  const given = encoder.encode(request.headers.get(SECRET_HEADER) ?? '')
  const expected = encoder.encode(String(env[SECRET_BINDING]))
  return given.byteLength === expected.byteLength && crypto.subtle.timingSafeEqual(given, expected)
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (!fromKvdev(request, env)) return new Response(null, { status: 403 })
    // Node speaks over one WebSocket only; nothing else is served.
    if (request.headers.get('upgrade') !== 'websocket') return new Response(null, { status: 426 })
    const [client, server] = Object.values(new WebSocketPair()) as [
      WebSocket,
      WebSocket & { accept(): void },
    ]
    server.accept()
    server.addEventListener('message', async (event) => {
      server.send(await handle(env, event.data as ArrayBuffer))
    })
    // Answer the peer's close, or workerd reports the request as hung.
    server.addEventListener('close', () => {
      try {
        server.close()
      } catch {}
    })
    return new Response(null, { status: 101, webSocket: client })
  },
}
