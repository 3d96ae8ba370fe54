import type { ViteDevServer } from 'vite'
import type { ConnectMiddleware } from '../http/connect'
import { createToken } from '../http/token'
import type { ResolvedOptions } from '../options'
import type { KvRuntime } from '../runtime/create-kv-runtime'
import type { UsageMeter } from '../usage/meter'
import { isUnderBase } from './api-middleware'
import { useFirst } from './file-firewall'
import { getAllowedHosts, isExposed } from './vite-config'

export interface MountInspectorOptions {
  server: ViteDevServer
  options: ResolvedOptions
  /** Starts the runtime (once) or gives the one starting: requests to the inspector wait for it. */
  runtime: () => Promise<KvRuntime>
  seedFile: string | null
  usage?: UsageMeter
}

export interface MountedInspector {
  /** The inspector base, e.g. `/__kv`. */
  base: string
  /** The inspector's URL path, e.g. `/__kv/`. */
  path: string
  token: string
  exposed: boolean
}

/**
 * Whether a request target can name a path under `base` once parsed as the bridge parses it
 * (dot segments resolved, so `/x/../__kv/api` is kvdev's); one that does not parse goes to
 * the bridge too, whose guard answers it.
 */
export function mayReachBase(url: string | undefined, base: string): boolean {
  const target = url ?? '/'
  let pathname: string
  try {
    pathname = target.startsWith('/')
      ? new URL(`http://localhost${target}`).pathname
      : new URL(target).pathname
  } catch {
    return true
  }
  return isUnderBase(pathname, base)
}

/**
 * Mounts the inspector and its HTTP API under `inspector`, ahead of all of Vite's middlewares:
 * its guard checks Host, Origin and the token itself, and answers cross-origin preflights with
 * 403 before Vite's CORS (first on Vite ≥7) could allow them.
 */
export function mountInspector(mount: MountInspectorOptions): MountedInspector | null {
  const { server, options, runtime, seedFile } = mount
  const base = options.inspector
  if (!base) return null
  const exposed = isExposed(server.config.server.host)
  const token = createToken()
  // The inspector's server (its Hono app, sirv, the page) loads with the runtime, not before
  // Vite listens; a request under `base` waits for both, then meets the full guard.
  let loaded: Promise<ConnectMiddleware> | undefined
  const load = () =>
    (loaded ??= runtime().then(async (started) => {
      const [{ createConnectMiddleware }, { createKvdevHandler }, { createInspectorPage }] =
        await Promise.all([
          import('../http/connect'),
          import('../http/create-handler'),
          import('../http/inspector-page'),
        ])
      const handle = createKvdevHandler({
        runtime: started,
        token,
        base,
        personas: options.personas,
        seedFile,
        usage: mount.usage,
        root: server.config.root,
        allowedHosts: getAllowedHosts(server),
        exposed,
        inspectorPage: createInspectorPage({ base, token }),
        logger: server.config.logger,
      })
      return createConnectMiddleware(handle)
    }))
  // Only requests that may reach kvdev's paths go on (and start the runtime): Vite's own
  // (modules, HMR, assets) pass at once, as with vite-plugin-inspect's mount.
  useFirst(server, function kvdevInspector(req, res, next) {
    if (!mayReachBase(req.url, base)) return next()
    // A runtime that failed to start goes to Vite's error page; the session logs it once.
    load().then((middleware) => middleware(req, res, next), next)
  })
  if (exposed) {
    server.config.logger.warn(
      `[kvdev] The dev server listens beyond loopback: every KV inspector and API request (${base}/) needs the token. Open the inspector through the address with ?token= printed below.`,
    )
  }
  return { base, path: `${base}/`, token, exposed }
}
