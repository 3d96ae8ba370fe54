import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { jsonWriteGuard } from '../json-request'
import { createAuth, getStrategies } from './auth'
import { createCorsGate } from './cors'
import { errorResponse } from './envelope'
import { createJwksCache } from './jwks-cache'
import { createOpenApiDocument } from './open-api'
import { type KvRestOptions, resolveEndpoints } from './options'
import { getRestRoutes, type RouteContext } from './routes'

/**
 * A REST KV service over a Workers KV binding, as a Hono app: @workertown/kv's v1 wire
 * format (`GET|PUT|DELETE /v1/kv/<key>`, `GET /v1/admin/info`, `GET /open-api.json`)
 * and RocketStack's (`GET|PUT|DELETE /kv/items/<key>`), with API-key, basic and JWT auth.
 * Nothing Node-only: it runs as a Worker, mounted in an app, or as a kvdev route file.
 *
 * @example
 * // server/api/rest/index.ts → /api/rest/v1/kv/<key> in `vite dev`; `wrangler deploy` as is
 * import { kvRest } from 'kvdev/rest'
 * export default kvRest() // auth from KV_API_KEY, KV_USERNAME + KV_PASSWORD or KV_JWT_*
 */
export function kvRest(options: KvRestOptions = {}): Hono {
  const binding = options.binding ?? 'KV'
  const endpoints = resolveEndpoints(options)
  const routes = getRestRoutes(endpoints)
  const jwks = createJwksCache()
  let document: unknown
  const context = (env: Record<string, unknown>): RouteContext => ({
    binding,
    endpoints,
    info: {
      binding,
      basePath: endpoints.basePath,
      endpoints: {
        v1: { kv: endpoints.kv, admin: endpoints.admin },
        public: endpoints.public,
        items: endpoints.items,
      },
      auth:
        options.auth === false
          ? []
          : getStrategies(options.auth ?? {}, env, jwks).map((strategy) => strategy.name),
    },
    openApi: () => (document ??= createOpenApiDocument(routes)),
  })
  const app = new Hono()
  const gate = createCorsGate(options.cors)
  const auth = createAuth(options.auth, jwks)
  const guard = jsonWriteGuard((c, status, message) => errorResponse(c, status, message))
  const noRoute = (c: Context) =>
    errorResponse(
      c,
      404,
      `[kvdev] No KV REST route: ${c.req.method} ${c.req.path}. See /open-api.json.`,
    )
  // Public routes are open to every origin; the others pass the CORS gate first, their
  // preflights included (a preflight the gate lets through is answered by Hono's `cors()`).
  const gated = [...new Set(routes.filter((r) => !r.public).map((r) => r.path))]
  app.on('OPTIONS', gated, gate, noRoute)
  for (const route of routes) {
    const handlers: MiddlewareHandler[] = [
      ...(route.public ? [] : [gate, auth]),
      ...(route.write ? guard : []),
      async (c) => route.handle(c, context((c.env ?? {}) as Record<string, unknown>)),
    ]
    app.on(route.method.toUpperCase(), [route.path], ...(handlers as [MiddlewareHandler]))
  }
  app.notFound(noRoute)
  app.onError((error, c) => errorResponse(c, 500, error.message))
  return app
}

export type { KvRestAuthOptions, KvRestOptions } from './options'
