import type { Context } from 'hono'
import { httpError } from '../../errors'
import type { StoreHistory } from '../../runtime/history/store-history'
import type { KvdevApiEnv } from '../env'
import { getStore } from '../query'

/** The `?binding` store's clock and snapshots; a store in memory has none (409). */
export function getHistory(c: Context<KvdevApiEnv>): StoreHistory {
  const store = getStore(c)
  if (store.history) return store.history
  throw httpError(
    409,
    `No store clock or snapshots for binding ${store.binding}: its store is in memory. They work on a persisted store (the default, \`persist: true\`).`,
  )
}

/** A string field of the JSON body, required. */
export function getBodyString(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  if (typeof value === 'string') return value
  throw httpError(
    400,
    `Invalid \`${name}\`: ${JSON.stringify(value)?.slice(0, 80) ?? 'missing'}. Send it as a JSON string.`,
  )
}
