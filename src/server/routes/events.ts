import type { KvChangeEvent } from '../../types/records'
import type { Route } from '../context'
import { API_LIMITS } from '../limits'
import { hardenResponse } from '../respond'

const encoder = new TextEncoder()

/**
 * `GET events`: every change as a server-sent event. A comment ping every 15 s keeps
 * proxies from closing an idle stream; listener and timer go when the client does.
 */
export const streamEvents: Route = async ({ request, runtime }) => {
  let cleanup = () => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          cleanup() // the stream is already closed
        }
      }
      const unsubscribe = runtime.onChange((event: KvChangeEvent) =>
        send(`data: ${JSON.stringify(event)}\n\n`),
      )
      const timer = setInterval(() => send(': ping\n\n'), API_LIMITS.EVENTS_PING_MS)
      const onAbort = () => {
        cleanup()
        try {
          controller.close()
        } catch {}
      }
      cleanup = () => {
        clearInterval(timer)
        unsubscribe()
        request.signal.removeEventListener('abort', onAbort)
      }
      request.signal.addEventListener('abort', onAbort)
      // Tells the browser the stream is open before any change happens.
      send(': connected\n\n')
    },
    cancel() {
      cleanup()
    },
  })
  return hardenResponse(
    new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    }),
  )
}
