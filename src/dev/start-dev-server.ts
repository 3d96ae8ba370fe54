import { resolve } from 'node:path'
import type { ViteDevServer } from 'vite'
import { DEFAULT_DEV_PORT } from '../constants'
import { takeNodeSupportWarning } from '../node-support'
import { type ResolvedOptions, resolveOptions } from '../options'
import { scanRoutes } from '../plugin/routes/scan-routes'
import { type Session, startSession } from '../plugin/start-session'
import type { KvdevPluginOptions } from '../types'
import { createDevHost } from './dev-host'
import { createModuleLoader } from './module-loader'
import { createTypeStripper } from './strip-thread'
import { canLoadWithNode } from './strip-types'

export interface StartDevServerOptions extends KvdevPluginOptions {
  /** The project directory: route files, wrangler config and `.wrangler/state` live under it. @default process.cwd() */
  root?: string
  /** Port to listen on; taken or not, it is never silently changed. @default 8788 */
  port?: number
  /** Host to listen on. `true` or `0.0.0.0` exposes it to the network (then the inspector needs the token). @default 'localhost' */
  host?: string | boolean
  /**
   * What runs the route files: `'node'`, Node's own loader with its TypeScript stripping (no
   * Vite loaded, the fastest start), or `'vite'`, a Vite dev server (JSX, `import.meta.env`).
   * @default 'node', or 'vite' when a route file is `.jsx`/`.tsx` or Node is older than 22.15
   */
  loader?: 'node' | 'vite'
}

export interface DevServer {
  /** Base URL, e.g. `http://localhost:8788`. */
  url: string
  /** Prints the local and network URLs and the inspector URL. */
  printUrls(): void
  close(): Promise<void>
}

/** Vite when asked for, when a route file needs it (JSX) or when Node cannot run them itself. */
function pickLoader(
  loader: StartDevServerOptions['loader'],
  { routes, base }: ResolvedOptions,
  root: string,
): 'node' | 'vite' {
  if (loader) return loader
  if (!canLoadWithNode()) return 'vite'
  const scan = scanRoutes(resolve(root, routes), base)
  return scan.routes.some((route) => /\.[jt]sx$/.test(route.file)) ? 'vite' : 'node'
}

/**
 * Runs the kvdev API routes and inspector on a server of its own, for games whose front end
 * is built by another engine (`kvdev dev`). Route files run through Node's module loader
 * (TypeScript stripped by Node), so the first request is answered without loading Vite; every
 * route, guard, the mock user, the inspector and its API are those of the Vite plugin.
 *
 * @example
 * const dev = await startDevServer({ root: process.cwd(), port: 8788 })
 * await fetch(`${dev.url}/api/player-state`)
 * await dev.close()
 */
export async function startDevServer(options: StartDevServerOptions = {}): Promise<DevServer> {
  const { root: given = process.cwd(), port = DEFAULT_DEV_PORT, host, loader, ...rest } = options
  const root = resolve(given)
  // Invalid options throw here, before anything starts.
  const resolved = resolveOptions(rest)
  if (pickLoader(loader, resolved, root) === 'vite') {
    const { startViteDevServer } = await import('./start-vite-dev-server')
    return startViteDevServer({ ...options, root, port })
  }
  // First: its thread starts Node's type stripper while this one opens the server.
  const stripper = createTypeStripper()
  const modules = createModuleLoader({
    onFile: (file) => server.watcher.add(file),
    strip: stripper.strip,
  })
  const server = createDevHost({ root, port, host, loader: modules })
  let current: { view: ViteDevServer; session: Session } | undefined
  const open = async () => {
    const view = server.view(restart)
    const session = await startSession(view, resolved)
    server.serve(view)
    return { view, session }
  }
  // A wrangler config edit: a new session takes the runtime over, then the old one lets go,
  // as on Vite's restart of the plugin.
  const restart = async () => {
    const previous = current
    current = await open()
    await previous?.session.close()
  }
  // Vite's hotUpdate, for modules the routes import: an edit re-runs them on the next request.
  server.watcher.on('all', (_event: string, file: string) => {
    if (!modules.has(file)) return
    modules.invalidate(file)
    current?.session.handler.invalidate()
  })
  const unsupported = takeNodeSupportWarning()
  if (unsupported) server.logger.warnOnce(unsupported)
  const close = async () => {
    await current?.session.close()
    await server.close()
    modules.dispose()
    await stripper.close()
  }
  try {
    current = await open()
    await server.listen()
    // Every route of this server needs KV: the runtime starts now (not on the first request),
    // and a store that cannot open fails the start, as it always did. Meanwhile the stripper's
    // thread starts.
    await current.session.start()
    // The route modules run now, not on the first request. A file that fails is reported by
    // its first request, as before.
    const { routes } = scanRoutes(resolve(root, resolved.routes), resolved.base)
    await Promise.all(routes.map((route) => modules.import(route.file).catch(() => {})))
  } catch (error) {
    await close()
    throw error
  }
  return {
    url: server.url(),
    printUrls: () => current?.view.printUrls(),
    close,
  }
}
