import { Hono } from 'hono'
import type { ViteDevServer } from 'vite'
import { harden } from '../http/respond'
import type { ResolvedOptions } from '../options'
import type { KvRuntime } from '../runtime/create-kv-runtime'
import { createTmaKeys, type TmaKeys } from '../services/tma/keys'
import { TMA_SDK_BASE, tmaPlatform } from '../services/tma/platform'
import { getForeignReason } from '../users/foreign-request'
import { createApiMiddleware, type HostPolicy } from './api-middleware'

// One key per process: a page's token outlives a Vite restart (a config edit), not the process.
let processKeys: Promise<TmaKeys> | undefined

/**
 * Serves TMA.sh's platform endpoints (`/sdk/v1/*`) on the dev server, so `@tma.sh/sdk`'s
 * client works with `createTMA({ apiUrl: location.origin })`, and answers the key set that
 * routes get as `env.TMA_JWKS` (a per-process key). Behind the host allowlist of the route
 * files and kvdev's hardened headers; the SDK runs in the app's own page, so there is no
 * CORS and a request a browser marks as another origin's is refused (CONTRIBUTING.md#security).
 */
export async function mountTma(
  server: ViteDevServer,
  options: ResolvedOptions,
  runtime: () => Promise<KvRuntime>,
  hosts: HostPolicy,
): Promise<{ jwks: string }> {
  processKeys ??= createTmaKeys()
  const keys = await processKeys
  const app = new Hono()
    .use(harden)
    .use(async (c, next) => {
      const foreign = getForeignReason(c.req.raw)
      if (!foreign) return next()
      const error = `[kvdev] Request from another origin refused: ${foreign}. TMA's SDK calls come from the app's own page.`
      return c.json({ success: false, error }, 403)
    })
    .route('/', tmaPlatform({ keys, user: options.personas }))
  const handler = { fetch: async (request: Request) => app.fetch(request, (await runtime()).env) }
  server.middlewares.use(createApiMiddleware(TMA_SDK_BASE, hosts, () => handler))
  return { jwks: keys.jwks }
}
