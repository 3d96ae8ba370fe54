import type { ViteDevServer } from 'vite'
import type { ResolvedOptions } from '../options'
import type { KvRuntime } from '../runtime/create-kv'
import { createConnectMiddleware } from '../server/connect'
import { createKvdevHandler } from '../server/create-handler'
import { createInspectorPage } from '../server/inspector-page'
import { createToken } from '../server/token'
import type { UsageMeter } from '../usage/meter'
import { useFirst } from './file-firewall'
import { getAllowedHosts, isExposed } from './vite-config'

export interface MountInspectorOptions {
  server: ViteDevServer
  options: ResolvedOptions
  runtime: KvRuntime
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
  const handle = createKvdevHandler({
    runtime,
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
  useFirst(server, createConnectMiddleware(handle))
  if (exposed) {
    server.config.logger.warn(
      `[kvdev] The dev server listens beyond loopback: every KV inspector and API request (${base}/) needs the token. Open the inspector through the address with ?token= printed below.`,
    )
  }
  return { base, path: `${base}/`, token, exposed }
}
