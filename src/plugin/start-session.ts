import type { ViteDevServer } from 'vite'
import { resolveWranglerConfig } from '../config/wrangler-config'
import type { ResolvedOptions } from '../options'
import { createUsageMeter } from '../usage/meter'
import { formatTraceLine } from '../usage/summary'
import { createApiMiddleware } from './api-middleware'
import { type ApiHandler, createApiHandler } from './create-api-handler'
import { createFileFirewall, useFirst } from './file-firewall'
import { mountInspector } from './mount-inspector'
import { printInspectorUrl } from './print-urls'
import { getProtectedPaths } from './protected-paths'
import { acquireRuntime } from './runtime-registry'
import { getSeedFile, seedIfEmpty, watchSeedFile } from './seed-file'
import { publishServerFile } from './server-file'
import { getAllowedHosts, isExposed } from './vite-config'
import { watchWranglerConfig } from './watch-wrangler-config'

/** What kvdev runs for one Vite dev server; a restart makes a new session. */
export interface Session {
  handler: ApiHandler
  /** Stops watchers, removes server.json and gives the runtime back. Safe to call twice. */
  close(): Promise<void>
}

/**
 * Starts kvdev on a dev server: route files, inspector, guards and watchers now; the runtime
 * (Miniflare, workerd) and the seed in the background, so Vite listens without waiting for
 * them. Every request that needs KV waits for the runtime and the seed: none is answered from
 * a half-started store. The guards are in place before the server listens.
 */
export async function startSession(
  server: ViteDevServer,
  options: ResolvedOptions,
): Promise<Session> {
  const { root, logger } = server.config
  const seedFile = getSeedFile(options, root)
  const { configPath, env, persist } = options
  const wrangler = resolveWranglerConfig({ root, configPath, env })
  const leased = acquireRuntime({ root, configPath, env, persist, realism: options.realism })
  const cleanups: (() => void)[] = []
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) cleanup()
      const lease = await leased.catch(() => undefined)
      await lease?.release()
    })()
    return closing
  }
  const ready = leased.then(async ({ runtime }) => {
    if (seedFile) {
      // A broken seed file must not keep the dev server down: say what is wrong and go on.
      await seedIfEmpty(runtime, seedFile, logger).catch((error: Error) =>
        logger.error(error.message, { timestamp: true, error }),
      )
    }
    return runtime
  })
  // Said once here; each request waiting for the runtime gets the same error from Vite.
  ready.catch((error: Error) => logger.error(error.message, { timestamp: true, error }))
  const meter = createUsageMeter()
  if (options.logRequests) meter.onRequest((trace) => logger.info(formatTraceLine(trace)))
  const built = ready.then((runtime) =>
    createApiHandler({ server, options, runtime, root, wrangler, meter }),
  )
  built.catch(() => {}) // reported through `ready`
  const handler: ApiHandler = {
    fetch: async (request) => (await built).fetch(request),
    // Before the first build there is nothing to forget: that build loads every module afresh.
    invalidate: () =>
      void built.then(
        (api) => api.invalidate(),
        () => {},
      ),
  }
  const hosts = {
    allowedHosts: getAllowedHosts(server),
    exposed: isExposed(server.config.server.host),
  }
  // Registered directly (not in a post hook) so it answers before Vite's SPA fallback.
  // The inspector goes first: with `base: '/'` the routes would otherwise take its paths.
  const inspector = mountInspector({ server, options, runtime: ready, seedFile, usage: meter })
  // Ahead of everything, the inspector included: no file that must stay on the server is served.
  const paths = getProtectedPaths(root, options)
  const firewall = { root, viteBase: server.config.base, apiBase: options.base, paths }
  useFirst(server, createFileFirewall(firewall))
  server.middlewares.use(createApiMiddleware(options.base, hosts, () => handler))
  if (inspector) {
    printInspectorUrl(server, inspector)
    // Published once the runtime runs: the CLI then goes through this server, never to one
    // whose store failed to open.
    ready.then(
      (runtime) => {
        if (!closing) cleanups.push(publishServerFile(server, runtime, inspector))
      },
      () => {},
    )
  }
  if (seedFile) cleanups.push(watchSeedFile(server, seedFile, inspector?.path ?? null))
  cleanups.push(watchWranglerConfig(server, wrangler.path))
  return { handler, close }
}
