import type WebSocket from 'ws'
import { decodeFrame, encodeFrame, type Frame } from './frame'

export interface WorkerReply {
  id: number
  ok: boolean
  error?: { name: string; message: string }
  [field: string]: unknown
}

/** One persistent, multiplexed WebSocket to the internal worker. */
export interface Transport {
  call(header: Record<string, unknown>, body?: Uint8Array): Promise<Frame<WorkerReply>>
  /**
   * Drops the connection, then runs `work` (a Miniflare reconfiguration); calls after it go
   * out on a fresh connection. The caller holds other calls back meanwhile (`gate.ts`).
   */
  restart(work: () => Promise<void>): Promise<void>
  /**
   * Resolves once the connection is open: workerd started (on demand, `lazy-workerd.ts`) and
   * the socket up. Rejects as a call would.
   */
  ready?(): Promise<void>
  close(): Promise<void>
}

interface Pending {
  resolve(frame: Frame<WorkerReply>): void
  reject(error: Error): void
}

/**
 * Connects lazily and again after the socket drops (a Miniflare restart moves
 * the worker to a new port, so `getUrl` is asked each time). `headers` go with
 * every upgrade: they carry the secret the internal worker demands.
 */
export function createTransport(
  getUrl: () => Promise<URL>,
  headers: Record<string, string> = {},
): Transport {
  let socket: Promise<WebSocket> | undefined
  let nextId = 1
  const pending = new Map<number, Pending>()
  let closed = false

  function failAll(error: Error) {
    for (const entry of pending.values()) entry.reject(error)
    pending.clear()
  }

  async function disconnect(): Promise<void> {
    const current = socket
    socket = undefined
    if (!current) return
    const ws = await current.catch(() => undefined)
    if (!ws || ws.readyState === ws.CLOSED) return
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve())
      ws.close()
    })
  }

  function connect(): Promise<WebSocket> {
    // `ws` loads with the first connection: a runtime answering from the files may need none.
    socket ??= Promise.all([getUrl(), import('ws')]).then(
      ([url, { default: WebSocket }]) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url.href.replace(/^http/, 'ws'), {
            headers,
            maxPayload: 64 * 1024 * 1024,
          })
          ws.binaryType = 'nodebuffer'
          ws.once('open', () => resolve(ws))
          ws.once('error', (error) => {
            socket = undefined
            reject(error)
          })
          ws.on('close', () => {
            socket = undefined
            failAll(new Error('[kvdev] The connection to the KV runtime closed.'))
          })
          ws.on('message', (data: Buffer) => {
            const frame = decodeFrame<WorkerReply>(
              new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
            )
            const entry = pending.get(frame.header.id)
            if (!entry) return
            pending.delete(frame.header.id)
            entry.resolve(frame)
          })
        }),
    )
    return socket
  }

  return {
    async call(header, body) {
      if (closed) throw new Error('[kvdev] The KV runtime was disposed.')
      const ws = await connect()
      const id = nextId++
      return new Promise<Frame<WorkerReply>>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        ws.send(encodeFrame({ ...header, id }, body), (error) => {
          if (!error) return
          pending.delete(id)
          reject(error)
        })
      })
    },
    async ready() {
      if (closed) throw new Error('[kvdev] The KV runtime was disposed.')
      await connect()
    },
    async restart(work) {
      await disconnect()
      await work()
    },
    async close() {
      closed = true
      await disconnect()
    },
  }
}
