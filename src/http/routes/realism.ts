import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { DEFAULT_LOCATION, LOCATION_COOKIE } from '../../realism/propagation'
import type { KvdevApiEnv } from '../env'

/** `GET realism`: the production modes on (the inspector shows each in its header). */
export function getRealism(c: Context<KvdevApiEnv>) {
  const realism = c.var.runtime.realism
  if (!realism?.propagationDelayMs) return c.json({ modes: realism?.modes ?? [] })
  // With the propagation delay on, also where this browser's app requests run.
  return c.json({
    modes: realism.modes,
    location: getCookie(c, LOCATION_COOKIE) ?? DEFAULT_LOCATION,
  })
}
