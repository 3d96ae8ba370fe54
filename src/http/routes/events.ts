import type { Context } from 'hono'
import type { KvdevApiEnv } from '../env'
import { createEventStream } from '../event-stream'

/** `GET events`: every change as a server-sent event. */
export function streamEvents(c: Context<KvdevApiEnv>) {
  return createEventStream(c, {
    subscribe: (push) => c.var.runtime.onChange(push),
    message: (event) => ({ data: JSON.stringify(event) }),
  })
}
