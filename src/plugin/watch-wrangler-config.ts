import { relative, resolve } from 'node:path'
import type { ViteDevServer } from 'vite'
import { findConfigPath, getConfigCandidates } from '../config/wrangler-config'

/**
 * Restarts Vite when the wrangler config changes, as `wrangler dev` reloads: new bindings
 * and vars apply on the next request. The KV data stays where it is. Without `configPath`,
 * every file wrangler would read is watched, so one created (or removed) while the server runs
 * takes effect too, not only an edit of the file read at startup.
 */
export function watchWranglerConfig(
  server: ViteDevServer,
  options: { configPath?: string; path?: string },
): () => void {
  const { root, logger } = server.config
  const watched = options.configPath
    ? [resolve(root, options.configPath)]
    : getConfigCandidates(root)
  server.watcher.add(watched)
  const onEvent = (event: string, changed: string) => {
    if (!watched.includes(changed) || !['add', 'unlink', 'change'].includes(event)) return
    // An edit of the file read at start, or a change of which file wrangler reads. A file
    // created while the watcher still scans the root is reported by no event (Vite's watcher
    // ignores what it finds then); its next write comes as a 'change', and counts as created.
    const now = options.configPath ? watched[0] : findConfigPath(root)
    const edited = event === 'change' && changed === options.path
    if (!edited && now === options.path) return
    const name = relative(root, changed)
    const what = edited ? 'changed' : event === 'unlink' ? 'was removed' : 'was created'
    logger.info(`[kvdev] ${name} ${what}: restarting the dev server to apply it.`, {
      timestamp: true,
    })
    server.restart().catch((error: Error) => {
      logger.error(`[kvdev] Restart after ${name} ${what} failed: ${error.message}`, { error })
    })
  }
  server.watcher.on('all', onEvent)
  return () => server.watcher.off('all', onEvent)
}
