import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { DEFAULT_DEV_PORT } from '../constants'
import type { KvdevPluginApi } from '../plugin/create-plugin'
import type { KvdevPluginOptions } from '../types'
import { kvdev } from '../vite'

export interface StartDevServerOptions extends KvdevPluginOptions {
  /** The project directory: route files, wrangler config and `.wrangler/state` live under it. @default process.cwd() */
  root?: string
  /** Port to listen on; taken or not, it is never silently changed. @default 8788 */
  port?: number
  /** Host to listen on. `true` or `0.0.0.0` exposes it to the network (then the inspector needs the token). @default 'localhost' */
  host?: string | boolean
}

export interface DevServer {
  /** Base URL, e.g. `http://localhost:8788`. */
  url: string
  /** Prints Vite's banner with the local and network URLs and the inspector URL. */
  printUrls(): void
  close(): Promise<void>
}

/**
 * Runs the kvdev API routes and inspector on a Vite server of its own, for games whose
 * front end is built by another engine (`kvdev dev`).
 *
 * @example
 * const dev = await startDevServer({ root: process.cwd(), port: 8788 })
 * await fetch(`${dev.url}/api/player-state`)
 * await dev.close()
 */
export async function startDevServer(options: StartDevServerOptions = {}): Promise<DevServer> {
  const { root = process.cwd(), port = DEFAULT_DEV_PORT, host, ...pluginOptions } = options
  // Loaded here so that importing the library does not load Vite.
  const { createServer } = await import('vite')
  const plugins = kvdev(pluginOptions)
  const server = await createServer({
    root: resolve(root),
    configFile: false,
    plugins,
    server: { port, host, strictPort: true },
    appType: 'custom',
    // Another engine builds the game's front end: Vite only runs the API, nothing to pre-bundle.
    optimizeDeps: { noDiscovery: true, include: [] },
    clearScreen: false,
  })
  try {
    await server.listen()
    // Every route of this server needs KV: the runtime starts now (not on the first request),
    // and a store that cannot open fails the start, as it always did.
    await (plugins[0]!.api as KvdevPluginApi).start(server)
  } catch (error) {
    await server.close()
    throw error
  }
  // Vite's URLs name the configured host; the port is the bound one (port 0 picks a free one).
  const address = server.httpServer!.address() as AddressInfo
  const url = new URL(server.resolvedUrls?.local[0] ?? 'http://localhost/')
  url.port = String(address.port)
  return {
    url: url.origin,
    printUrls: () => server.printUrls(),
    close: () => server.close(),
  }
}
