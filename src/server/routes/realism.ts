import type { Context } from 'hono'
import type { KvdevEnv } from '../env'

/** `GET realism`: the production modes on (the inspector shows each in its header). */
export function getRealism(c: Context<KvdevEnv>) {
  return c.json({ modes: c.var.runtime.realism?.modes ?? [] })
}
