import type { Context } from 'hono'
import { getBinding } from '../binding'
import type { ResolvedEndpoints } from './options'
import { load, type RestRoute, store } from './route-table'

const refuseItems = (c: Context, status: 400 | 404, error: string) =>
  c.json({ success: false, data: null, error }, status)

/** RocketStack's `/kv/items/<key>` routes. */
export function rocketstackRoutes(e: ResolvedEndpoints): RestRoute[] {
  const key = `${e.items}/:key{.+}`
  return [
    {
      method: 'get',
      path: key,
      summary: 'Get an item: `{ "data": { "key", "value" } }` (404 when missing)',
      async handle(c, { binding }) {
        const value = await load(c, binding)
        if (value === null) return refuseItems(c, 404, `[kvdev] No item: ${c.req.param('key')}.`)
        return c.json({ success: true, data: { key: c.req.param('key'), value } })
      },
    },
    {
      method: 'put',
      path: key,
      summary: 'Set an item: `{ "value": <JSON>, "ttlSeconds"?: n }`',
      write: 'ttlSeconds',
      async handle(c, { binding }) {
        const stored = await store(c, binding, 'ttlSeconds', (m) => refuseItems(c, 400, m))
        if ('response' in stored) return stored.response
        return c.json({ success: true, data: { key: c.req.param('key'), value: stored.value } })
      },
    },
    {
      method: 'delete',
      path: key,
      summary: 'Delete an item',
      async handle(c, { binding }) {
        await getBinding(c, binding).delete(c.req.param('key')!)
        return c.json({ success: true, data: { key: c.req.param('key'), deleted: true } })
      },
    },
  ]
}
