import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { KvChangeEvent } from '../../types/records'
import type { KvdevEnv } from '../env'
import { API_LIMITS } from '../limits'

/**
 * `GET events`: every change as a server-sent event (Hono's `streamSSE`). A comment ping
 * every 15 s keeps proxies from closing an idle stream; listener and timer go as soon as
 * the client does.
 */
export function streamEvents(c: Context<KvdevEnv>) {
  c.header('x-accel-buffering', 'no')
  return streamSSE(c, async (stream) => {
    const queue: KvChangeEvent[] = []
    let wake = () => {}
    let open = true
    const unsubscribe = c.var.runtime.onChange((event) => {
      queue.push(event)
      wake()
    })
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
      // Tells the browser the stream is open before any change happens.
      await stream.write(': connected\n\n')
      while (open) {
        const event = queue.shift()
        if (event) await stream.writeSSE({ data: JSON.stringify(event) })
        else await new Promise<void>((resolve) => (wake = resolve))
      }
    } finally {
      close()
    }
  })
}
