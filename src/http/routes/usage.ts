import type { Context } from 'hono'
import { estimateCost } from '../../usage/estimate'
import type { UsageReport } from '../../usage/types'
import type { KvdevApiEnv } from '../env'
import { getInteger } from '../query'

/** Far above any real month of requests, far below where floats lose whole requests. */
const MAX_MONTHLY_REQUESTS = 1_000_000_000_000

/** Said when the server has no meter: a 200, so the inspector shows it without a failed load. */
export const NOT_MEASURED =
  "[kvdev] No usage on this server: usage is measured on the app's routes by a Vite dev server. Run the app with the kvdev plugin or `kvdev dev`."

/**
 * `GET usage`: reads, writes, deletes and lists of the app's routes since start, by binding
 * and by route; with `?requests=<per month>` the cost estimate at Workers KV's prices.
 */
export function getUsage(c: Context<KvdevApiEnv>) {
  const monthly = getInteger(c, 'requests', { min: 0, max: MAX_MONTHLY_REQUESTS, fallback: -1 })
  const meter = c.var.usage
  if (!meter) return c.json({ available: false as const, reason: NOT_MEASURED })
  const usage = meter.usage()
  const estimate = monthly < 0 ? null : estimateCost(usage, monthly)
  return c.json({ available: true as const, ...usage, estimate } satisfies UsageReport & {
    available: true
  })
}

/** `GET requests`: the recent requests to the app's routes with their KV calls, newest first; `?path=` filters. */
export function listRequests(c: Context<KvdevApiEnv>) {
  const meter = c.var.usage
  if (!meter) return c.json({ available: false as const, reason: NOT_MEASURED, requests: [] })
  const filter = c.req.query('path') ?? ''
  const requests = meter.recent().filter((trace) => trace.path.includes(filter))
  return c.json({ available: true as const, requests })
}
