import type { Context } from 'hono'
import type { ResolvedEndpoints } from './options'
import { keyRoutes, type RestRoute } from './route-table'

const refuseItems = (c: Context, status: 400 | 404 | 414, error: string) =>
  c.json({ success: false, data: null, error }, status)
const item = (c: Context, value: unknown) =>
  c.json({ success: true, data: { key: c.req.param('key'), value } })

/** RocketStack's `/kv/items/<key>` routes. */
export function rocketstackRoutes(e: ResolvedEndpoints): RestRoute[] {
  return keyRoutes(`${e.items}/:key{.+}`, 'ttlSeconds', {
    summaries: {
      get: 'Get an item: `{ "data": { "key", "value" } }` (404 when missing)',
      put: 'Set an item: `{ "value": <JSON>, "ttlSeconds"?: n }`',
      delete: 'Delete an item',
    },
    refuse: (c, refusal) => refuseItems(c, refusal.status, refusal.message),
    found: item,
    missing: (c) => refuseItems(c, 404, `[kvdev] No item: ${c.req.param('key')}.`),
    stored: item,
    removed: (c, key) => c.json({ success: true, data: { key, deleted: true } }),
  })
}
