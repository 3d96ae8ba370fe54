import { envelope, refusalResponse } from './envelope'
import type { ResolvedEndpoints } from './options'
import { keyRoutes, type RestRoute } from './route-table'

/** @workertown/kv's `/open-api.json` CORS (`packages/kv/src/routers/public.ts`), less `allow-private-network`: a public page must not reach a dev server on this machine through it. */
const OPEN_API_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
}

/** @workertown/kv's v1 routes, its admin routes, its health check and its OpenAPI document. */
export function workertownRoutes(e: ResolvedEndpoints): RestRoute[] {
  const pub = e.public === '/' ? '' : e.public
  return [
    ...keyRoutes(`${e.kv}/:key{.+}`, 'ttl', {
      summaries: {
        get: 'Get a value (404 and `data: null` when missing)',
        put: 'Set a value: `{ "value": <JSON>, "ttl"?: seconds }`',
        delete: 'Delete a value',
      },
      refuse: refusalResponse,
      found: (c, value) => envelope(c, 200, value),
      // Upstream answers a miss `404 { success: true, data: null }` (`routers/v1/kv.ts`).
      missing: (c) => c.json({ status: 404, success: true, data: null }, 404),
      stored: (c, value) => envelope(c, 200, value),
      removed: (c) => envelope(c, 200, true),
    }),
    {
      method: 'get',
      path: `${e.admin}/info`,
      summary: 'The resolved configuration',
      handle: (c, { info }) => envelope(c, 200, info),
    },
    {
      method: 'post',
      path: `${e.admin}/migrate`,
      summary: 'Run storage migrations: Workers KV has none, so `data: []`',
      handle: (c) => envelope(c, 200, []),
    },
    {
      method: 'get',
      path: `${pub}/health`,
      summary: 'Health check: `data: "OK"`',
      public: true,
      handle: (c) => envelope(c, 200, 'OK'),
    },
    {
      method: 'get',
      path: `${pub}/open-api.json`,
      summary: 'This OpenAPI document, to any origin',
      public: true,
      handle: (c, { openApi }) => c.json(openApi(), 200, OPEN_API_CORS),
    },
    {
      method: 'options',
      path: `${pub}/open-api.json`,
      summary: 'The preflight of the OpenAPI document',
      public: true,
      handle: (c) => c.text('OK', 200, OPEN_API_CORS),
    },
  ]
}
