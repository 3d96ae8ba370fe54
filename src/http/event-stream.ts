import type { Context } from 'hono'
import { type SSEMessage, streamSSE } from 'hono/streaming'
import { API_LIMITS } from '../constants'

export interface EventStreamOptions<T> {
  /** Starts listening; returns the function that stops. */
  subscribe: (push: (item: T) => void) => () => void
  /** The server-sent event of one item. */
  message: (item: T) => SSEMessage
  /**
   * Messages sent first: read right after `subscribe`, in the same turn, so no item falls
   * between them and the live ones.
   */
  initial?: () => SSEMessage[]
  /** Items held for a client that reads slower than they come; beyond it the oldest go. @default Infinity */
  maxQueued?: number
}

/**
 * A live stream of server-sent events (Hono's `streamSSE`) for the kvdev routes that push
 * what happens. A comment ping every 15 s keeps proxies from closing an idle stream; the
 * listener and the timer go as soon as the client does.
 */
export function createEventStream<T>(c: Context, options: EventStreamOptions<T>): Response {
  c.header('x-accel-buffering', 'no')
  return streamSSE(c, async (stream) => {
    const queue: T[] = []
    const max = options.maxQueued ?? Number.POSITIVE_INFINITY
    let wake = () => {}
    let open = true
    const unsubscribe = options.subscribe((item) => {
      queue.push(item)
      if (queue.length > max) queue.shift()
      wake()
    })
    const initial = options.initial?.() ?? []
    const timer = setInterval(() => void stream.write(': ping\n\n'), API_LIMITS.EVENTS_PING_MS)
    const close = () => {
      if (!open) return
      open = false
      clearInterval(timer)
      unsubscribe()
      wake()
    }
    stream.onAbort(close)
    c.req.raw.signal.addEventListener('abort', close, { once: true })
    try {
      // Tells the browser the stream is open before anything happens.
      await stream.write(': connected\n\n')
      for (const message of initial) await stream.writeSSE(message)
      while (open) {
        const item = queue.shift()
        if (item !== undefined) await stream.writeSSE(options.message(item))
        else await new Promise<void>((resolve) => (wake = resolve))
      }
    } finally {
      close()
    }
  })
}
