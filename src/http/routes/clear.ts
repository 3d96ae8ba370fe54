import type { Context } from 'hono'
import type { KvdevApiEnv } from '../env'
import { getFlag, getPrefix, getStore } from '../query'

/** `POST clear`: deletes every key under `prefix` (all keys without one); `dryRun=1` only counts. */
export async function clearKeys(c: Context<KvdevApiEnv>) {
  const store = getStore(c)
  const prefix = getPrefix(c)
  if (getFlag(c, 'dryRun')) return c.json({ count: await store.count(prefix) })
  return c.json({ deleted: await store.clear(prefix) })
}
