import { Hono } from 'hono'
import { createKvdevApi } from './api'
import { createInspectorAssets } from './assets'
import { createCloudflareApi } from './cloudflare'
import type { KvdevApiEnv } from './env'
import { createGuard } from './guard'
import type { KvdevHandlerOptions } from './handler-options'
import { getErrorStatus } from './http-error'
import { errorResponse, errorToResponse, harden } from './respond'

/**
 * kvdev's HTTP surface as one Hono app under `base`: hardening and the guard in front of
 * everything, the Cloudflare REST API at `/api/client/v4` (its own envelope), kvdev's API
 * at `/api`, then the inspector's files and page. One `onError` answers kvdev's envelope.
 */
export function createKvdevApp(options: KvdevHandlerOptions & { base: string }) {
  const { base } = options
  const logger = options.logger ?? console
  const app = new Hono<KvdevApiEnv>().basePath(base)
  app.use(harden)
  app.use(
    createGuard({
      base,
      token: options.token,
      allowedHosts: options.allowedHosts,
      exposed: options.exposed,
    }),
  )
  app.use(async (c, next) => {
    c.set('runtime', options.runtime)
    c.set('personas', options.personas)
    c.set('seedFile', options.seedFile ?? null)
    c.set('root', options.root)
    c.set('usage', options.usage ?? null)
    await next()
  })
  app.route('/api/client/v4', createCloudflareApi(options.runtime))
  app.route('/api', createKvdevApi())
  // A relative location: never echo the Host back.
  app.get('/', (c) => c.redirect(`${base}/${new URL(c.req.url).search}`, 302))
  app.get('/*', createInspectorAssets(base, options.clientDir), async (c) => {
    const page = await options.inspectorPage?.(c.req.raw)
    return page ?? errorResponse(404, `[kvdev] Not found: ${new URL(c.req.url).pathname}.`)
  })
  app.notFound((c) => errorResponse(404, `[kvdev] Not found: ${new URL(c.req.url).pathname}.`))
  app.onError((error, c) => {
    if (getErrorStatus(error) === 500) {
      logger.error(
        `[kvdev] ${c.req.method} ${new URL(c.req.url).pathname} failed: ${(error as Error)?.message ?? error}`,
        { error },
      )
    }
    return errorToResponse(error)
  })
  return app
}
