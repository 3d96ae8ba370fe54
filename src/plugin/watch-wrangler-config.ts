import { relative } from 'node:path'
import type { ViteDevServer } from 'vite'

/**
 * Restarts Vite when the wrangler config changes, as `wrangler dev` reloads: new bindings
 * and vars apply on the next request. The KV data stays where it is.
 */
export function watchWranglerConfig(server: ViteDevServer, path: string | undefined): () => void {
  if (!path) return () => {}
  server.watcher.add(path)
  const onChange = (changed: string) => {
    if (changed !== path) return
    const name = relative(server.config.root, path)
    server.config.logger.info(`[kvdev] ${name} changed: restarting the dev server to apply it.`, {
      timestamp: true,
    })
    server.restart().catch((error: Error) => {
      server.config.logger.error(`[kvdev] Restart after ${name} changed failed: ${error.message}`, {
        error,
      })
    })
  }
  server.watcher.on('change', onChange)
  return () => server.watcher.off('change', onChange)
}
