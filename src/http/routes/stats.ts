import type { Context } from 'hono'
import type { KvdevApiEnv } from '../env'
import { getPrefix, getStore } from '../query'

/** `GET stats`: key count, bytes, largest keys and prefix groups. */
export async function getStats(c: Context<KvdevApiEnv>) {
  return c.json(await getStore(c).stats(getPrefix(c)))
}
