import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { KvdevPluginApi } from '../plugin/create-plugin'
import { kvdev } from '../vite'
import type { DevServer, StartDevServerOptions } from './start-dev-server'

/**
 * `kvdev dev` on a Vite server of its own: for route files that need Vite (JSX), or a Node
 * without the module hooks the lighter server uses (start-dev-server.ts).
 */
export async function startViteDevServer(
  options: StartDevServerOptions & { root: string; port: number },
): Promise<DevServer> {
  const { root, port, host, loader: _, ...pluginOptions } = options
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
