import type { AddressInfo } from 'node:net'
import type { ViteDevServer } from 'vite'
import { writeServerInfo } from '../http/server-info'
import type { KvRuntime } from '../runtime/create-kv-runtime'
import type { MountedInspector } from './mount-inspector'

/** The URL the CLI reaches this server at: the bound address, loopback when bound to all. */
export function getListenUrl(server: ViteDevServer): string | null {
  const address = server.httpServer?.address() as AddressInfo | string | null | undefined
  if (!address || typeof address === 'string') return null
  const scheme = server.config.server.https ? 'https' : 'http'
  const wildcard = address.address === '::' || address.address === '0.0.0.0'
  const host = wildcard
    ? '127.0.0.1'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address
  return `${scheme}://${host}:${address.port}`
}

/**
 * Publishes `<stateDir>/server.json` once the server listens, so the CLI goes through this
 * server instead of opening the store itself. Returns the cleanup that removes it.
 */
export function publishServerFile(
  server: ViteDevServer,
  runtime: Pick<KvRuntime, 'stateDir'>,
  inspector: MountedInspector,
): () => void {
  const { stateDir } = runtime
  const httpServer = server.httpServer
  if (!stateDir || !httpServer) return () => {}
  let written: { remove(): void } | undefined
  // Removed even when the process exits without closing Vite (a signal, process.exit()).
  const onExit = () => written?.remove()
  const onListening = () => {
    const url = getListenUrl(server)
    if (!url) return
    const info = {
      url,
      base: inspector.base,
      token: inspector.token,
      pid: process.pid,
      root: server.config.root,
    }
    try {
      written = writeServerInfo(stateDir, info)
    } catch (error) {
      server.config.logger.warn(
        `[kvdev] Could not write ${stateDir}/server.json: ${(error as Error).message}. CLI commands will not find this server.`,
      )
    }
  }
  if (httpServer.listening) onListening()
  else httpServer.once('listening', onListening)
  process.once('exit', onExit)
  return () => {
    httpServer.off('listening', onListening)
    process.off('exit', onExit)
    written?.remove()
  }
}
