import type { Context } from 'hono'
import type { ResolvedEndpoints } from './options'
import { load, type Refusal, type RestRoute, remove, store } from './route-table'

const refuseItems = (c: Context, status: 400 | 404 | 414, error: string) =>
  c.json({ success: false, data: null, error }, status)
const refuse = (c: Context, refusal: Refusal) => refuseItems(c, refusal.status, refusal.message)

/** RocketStack's `/kv/items/<key>` routes. */
export function rocketstackRoutes(e: ResolvedEndpoints): RestRoute[] {
  const key = `${e.items}/:key{.+}`
  return [
    {
      method: 'get',
      path: key,
      summary: 'Get an item: `{ "data": { "key", "value" } }` (404 when missing)',
      async handle(c, { binding }) {
        const read = await load(c, binding)
        if ('status' in read) return refuse(c, read)
        if (read.value === null)
          return refuseItems(c, 404, `[kvdev] No item: ${c.req.param('key')}.`)
        return c.json({ success: true, data: { key: c.req.param('key'), value: read.value } })
      },
    },
    {
      method: 'put',
      path: key,
      summary: 'Set an item: `{ "value": <JSON>, "ttlSeconds"?: n }`',
      write: 'ttlSeconds',
      async handle(c, { binding }) {
        const stored = await store(c, binding, 'ttlSeconds')
        if ('status' in stored) return refuse(c, stored)
        return c.json({ success: true, data: { key: c.req.param('key'), value: stored.value } })
      },
    },
    {
      method: 'delete',
      path: key,
      summary: 'Delete an item',
      async handle(c, { binding }) {
        const removed = await remove(c, binding)
        if ('status' in removed) return refuse(c, removed)
        return c.json({ success: true, data: { key: removed.key, deleted: true } })
      },
    },
  ]
}
