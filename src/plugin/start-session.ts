import { resolve } from 'node:path'
import type { ViteDevServer } from 'vite'
import { resolveWranglerConfig } from '../config/wrangler-config'
import { KVDEV_STATE_SUBDIR } from '../constants'
import type { ResolvedOptions } from '../options'
import type { KvRuntime } from '../runtime/create-kv-runtime'
import { resolvePersistRoot } from '../runtime/persist-root'
import { createUsageMeter } from '../usage/meter'
import { formatTraceLine } from '../usage/summary'
import { createApiMiddleware } from './api-middleware'
import { type ApiHandler, createApiHandler } from './create-api-handler'
import { createFileFirewall, useFirst } from './file-firewall'
import { mountInspector } from './mount-inspector'
import { mountTma } from './mount-tma'
import { printInspectorUrl } from './print-urls'
import { getProtectedPaths } from './protected-paths'
import { acquireRuntime, hasRuntime } from './runtime-registry'
import { getSeedFile, seedIfEmpty, watchSeedFile } from './seed-file'
import { publishServerFile } from './server-file'
import { getAllowedHosts, isExposed } from './vite-config'
import { watchWranglerConfig } from './watch-wrangler-config'

/** How long the runtime waits for a CLI run holding the store, as the CLI waits for another. */
const RUNTIME_LOCK_WAIT_MS = 30_000

/** What kvdev runs for one Vite dev server; a restart makes a new session. */
export interface Session {
  handler: ApiHandler
  /** Starts the runtime and the seed now instead of on the first request; rejects if they fail. */
  start(): Promise<unknown>
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
  const persistRoot = resolvePersistRoot(root, persist)
  // Started by the first request that needs KV (a route or the inspector): loading Miniflare
  // takes the main thread for longer than Vite's whole start, and a page needs none of it.
  // A CLI run may hold the store meanwhile: the runtime waits for its lock, as the CLI does.
  let started: ReturnType<typeof acquireRuntime> | undefined
  const lease = () => {
    started ??= acquireRuntime({
      root,
      configPath,
      env,
      persist,
      realism: options.realism,
      lockWaitMs: RUNTIME_LOCK_WAIT_MS,
    })
    return started
  }
  const cleanups: (() => void)[] = []
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) cleanup()
      const held = await started?.catch(() => undefined)
      await held?.release()
    })()
    return closing
  }
  let ready: Promise<KvRuntime> | undefined
  const whenReady = () => {
    ready ??= lease().then(async ({ runtime }) => {
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
    return ready
  }
  const meter = createUsageMeter()
  if (options.logRequests) meter.onRequest((trace) => logger.info(formatTraceLine(trace)))
  const hosts = {
    allowedHosts: getAllowedHosts(server),
    exposed: isExposed(server.config.server.host),
  }
  // Registered directly (not in a post hook) so it answers before Vite's SPA fallback.
  // The inspector goes first: with `base: '/'` the routes would otherwise take its paths.
  const inspector = mountInspector({ server, options, runtime: whenReady, seedFile, usage: meter })
  // Ahead of everything, the inspector included: no file that must stay on the server is served.
  const paths = getProtectedPaths(root, options)
  const firewall = { root, viteBase: server.config.base, apiBase: options.base, paths }
  useFirst(server, createFileFirewall(firewall))
  // Before the routes: with `base: '/'` they would otherwise take `/sdk/v1`.
  const tma = await mountTma(server, options, whenReady, hosts)
  let built: Promise<ApiHandler> | undefined
  const api = () => {
    built ??= whenReady().then((runtime) =>
      createApiHandler({ server, options, runtime, root, wrangler, meter, tma }),
    )
    return built
  }
  // Before the first build there is nothing to forget or stop: that build reads every module
  // and starts following Vite's watcher afresh.
  const later = (work: (built: ApiHandler) => void) => () => void built?.then(work, () => {})
  const handler: ApiHandler = {
    fetch: async (request) => (await api()).fetch(request),
    invalidate: later((a) => a.invalidate()),
    close: later((a) => a.close()),
  }
  cleanups.push(handler.close)
  server.middlewares.use(createApiMiddleware(options.base, hosts, () => handler))
  if (inspector) {
    printInspectorUrl(server, inspector)
    // Published as Vite listens: the CLI goes through this server, whose first request starts
    // the runtime.
    const stateDir = persistRoot && resolve(persistRoot, KVDEV_STATE_SUBDIR)
    cleanups.push(publishServerFile(server, { stateDir }, inspector))
  }
  if (seedFile) cleanups.push(watchSeedFile(server, seedFile, inspector?.path ?? null))
  cleanups.push(watchWranglerConfig(server, { configPath, path: wrangler.path }))
  // A restart: the previous server's runtime is taken over now, before that server lets it go.
  if (hasRuntime({ root, persist })) void whenReady().catch(() => {})
  return { handler, start: whenReady, close }
}
