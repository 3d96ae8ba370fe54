import { resolve, sep } from 'node:path'
import type { Plugin, ResolvedConfig, ViteDevServer } from 'vite'
import { takeNodeSupportWarning } from '../node-support'
import type { ResolvedOptions } from '../options'
import { getProtectedPaths } from './protected-paths'
import { type Session, startSession } from './start-session'
import { denyProtectedPaths, getWatchConfig } from './vite-config'
import { invalidateServerModule } from './vite-modules'

/** What `kvdev dev` asks of the plugin it runs. */
export interface KvdevPluginApi {
  /** Starts the server's KV runtime now rather than on its first request; rejects if it fails. */
  start(server: ViteDevServer): Promise<void>
}

/**
 * The kvdev Vite plugin: one KV runtime per store, the route files under `base`, and the
 * inspector with its HTTP API. Dev only (`apply: 'serve'`): nothing of it reaches a build.
 */
export function createKvdevPlugin(options: ResolvedOptions): Plugin {
  let config: ResolvedConfig
  // A restart of an inline-config server reuses this plugin object with a new server, and
  // closes the old server after the new one started: state lives per server, found through
  // the environment a hook runs in.
  const sessions = new WeakMap<object, Session>()

  const isServerOnly = (file: string) => {
    const routesDir = resolve(config.root, options.routes) + sep
    return (
      file.startsWith(routesDir) ||
      (options.entry !== undefined && file === resolve(config.root, options.entry))
    )
  }

  const api: KvdevPluginApi = {
    async start(server) {
      const environment = Object.values(server.environments)[0]
      await (environment && sessions.get(environment))?.start()
    },
  }

  return {
    name: 'kvdev',
    apply: 'serve',
    api,
    config(userConfig) {
      return getWatchConfig(userConfig, options)
    },
    configResolved(resolved) {
      config = resolved
      denyProtectedPaths(resolved, getProtectedPaths(resolved.root, options))
    },
    async configureServer(server: ViteDevServer) {
      const unsupported = takeNodeSupportWarning()
      if (unsupported) server.config.logger.warnOnce(unsupported)
      const session = await startSession(server, options)
      for (const environment of Object.values(server.environments))
        sessions.set(environment, session)
    },
    hotUpdate(ctx) {
      if (this.environment.name !== 'client') {
        // A server module changed: rebuild the API app on the next request.
        for (const mod of ctx.modules) if (mod.file) invalidateServerModule(ctx.server, mod.file)
        if (ctx.modules.length > 0) sessions.get(this.environment)?.handler.invalidate()
      }
      // Route files run on the server only: an edit must not reload the game in the browser.
      if (isServerOnly(ctx.file)) return []
    },
    async closeBundle() {
      // Vite closes every environment's plugins on `server.close()`; the session closes once.
      await sessions.get(this.environment)?.close()
    },
  }
}
