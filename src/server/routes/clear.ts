import type { Route } from '../context'
import { getFlag, getPrefix, getStore } from '../query'
import { jsonResponse } from '../respond'

/** `POST clear`: deletes every key under `prefix` (all keys without one); `dryRun=1` only counts. */
export const clearKeys: Route = async (context) => {
  const store = getStore(context)
  const prefix = getPrefix(context)
  if (getFlag(context, 'dryRun')) return jsonResponse({ count: await store.count(prefix) })
  return jsonResponse({ deleted: await store.clear(prefix) })
}
