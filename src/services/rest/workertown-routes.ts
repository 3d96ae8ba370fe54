import { getBinding } from '../binding'
import { envelope, errorResponse } from './envelope'
import type { ResolvedEndpoints } from './options'
import { load, type RestRoute, store } from './route-table'

/** @workertown/kv's v1 routes, its admin info and its OpenAPI document. */
export function workertownRoutes(e: ResolvedEndpoints): RestRoute[] {
  const key = `${e.kv}/:key{.+}`
  return [
    {
      method: 'get',
      path: key,
      summary: 'Get a value (404 and `data: null` when missing)',
      async handle(c, { binding }) {
        const value = await load(c, binding)
        return value === null ? envelope(c, 404, null) : envelope(c, 200, value)
      },
    },
    {
      method: 'put',
      path: key,
      summary: 'Set a value: `{ "value": <JSON>, "ttl"?: seconds }`',
      write: 'ttl',
      async handle(c, { binding }) {
        const stored = await store(c, binding, 'ttl', (m) => errorResponse(c, 400, m))
        return 'response' in stored ? stored.response : envelope(c, 200, stored.value)
      },
    },
    {
      method: 'delete',
      path: key,
      summary: 'Delete a value',
      async handle(c, { binding }) {
        await getBinding(c, binding).delete(c.req.param('key')!)
        return envelope(c, 200, true)
      },
    },
    {
      method: 'get',
      path: `${e.admin}/info`,
      summary: 'The resolved configuration',
      handle: (c, { info }) => envelope(c, 200, info),
    },
    {
      method: 'get',
      path: `${e.public === '/' ? '' : e.public}/open-api.json`,
      summary: 'This OpenAPI document',
      public: true,
      handle: (c, { openApi }) => c.json(openApi()),
    },
  ]
}
