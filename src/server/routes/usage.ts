import type { Context } from 'hono'
import { httpError } from '../../errors'
import { estimateCost } from '../../usage/estimate'
import type { UsageMeter } from '../../usage/meter'
import type { KvdevEnv } from '../env'
import { getInteger } from '../query'

/** Far above any real month of requests, far below where floats lose whole requests. */
const MAX_MONTHLY_REQUESTS = 1_000_000_000_000

function getMeter(c: Context<KvdevEnv>): UsageMeter {
  const meter = c.var.usage
  if (!meter) {
    throw httpError(
      404,
      'No usage meter on this server: usage is measured on the routes of a Vite dev server. Run the app with the kvdev plugin or `kvdev dev`.',
    )
  }
  return meter
}

/**
 * `GET usage`: reads, writes, deletes and lists of the app's routes since start, by binding
 * and by route; with `?requests=<per month>` the cost estimate at Workers KV's prices.
 */
export function getUsage(c: Context<KvdevEnv>) {
  const usage = getMeter(c).usage()
  const monthly = getInteger(c, 'requests', { min: 0, max: MAX_MONTHLY_REQUESTS, fallback: -1 })
  return c.json({ ...usage, estimate: monthly < 0 ? null : estimateCost(usage, monthly) })
}

/** `GET requests`: the recent requests to the app's routes with their KV calls, newest first; `?path=` filters. */
export function listRequests(c: Context<KvdevEnv>) {
  const filter = c.req.query('path') ?? ''
  const requests = getMeter(c)
    .recent()
    .filter((trace) => trace.path.includes(filter))
  return c.json({ requests })
}
