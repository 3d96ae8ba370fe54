import type { Context } from 'hono'
import type { RequestTrace } from '../../usage/types'
import type { KvdevApiEnv } from '../env'
import { createEventStream } from '../event-stream'
import { NOT_MEASURED } from './usage'

/** The first event of `GET requests/events`: what the server keeps now, newest first. */
export type RequestsSnapshot =
  | { available: true; kept: number; requests: RequestTrace[] }
  | { available: false; reason: string; kept: 0; requests: [] }

/**
 * `GET requests/events`: the recent requests to the app's routes as server-sent events. First
 * a `requests` event with the kept ones (`RequestsSnapshot`), then a `request` event with each
 * trace as its request ends. A client slower than the app misses the oldest, as the ring does.
 */
export function streamRequests(c: Context<KvdevApiEnv>) {
  const meter = c.var.usage
  const snapshot = (): RequestsSnapshot =>
    meter
      ? { available: true, kept: meter.kept, requests: meter.recent() }
      : { available: false, reason: NOT_MEASURED, kept: 0, requests: [] }
  return createEventStream<RequestTrace>(c, {
    subscribe: (push) => meter?.onRequest(push) ?? (() => {}),
    initial: () => [{ event: 'requests', data: JSON.stringify(snapshot()) }],
    message: (trace) => ({ event: 'request', data: JSON.stringify(trace) }),
    maxQueued: meter?.kept ?? 0,
  })
}
