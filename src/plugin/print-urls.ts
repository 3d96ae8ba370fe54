import type { ViteDevServer } from 'vite'
import type { MountedInspector } from './mount-inspector'

/**
 * Adds the inspector's URL under Vite's own banner ("➜  Local: …"). Beyond loopback the
 * network address carries the token once; the inspector trades it for a cookie.
 */
export function printInspectorUrl(server: ViteDevServer, inspector: MountedInspector): void {
  const printUrls = server.printUrls.bind(server)
  server.printUrls = () => {
    printUrls()
    const urls = server.resolvedUrls
    const local = urls?.local[0]
    const { logger } = server.config
    if (local) logger.info(`  ➜  KV inspector: ${new URL(inspector.path, local).href}`)
    if (!inspector.exposed) return
    for (const network of urls?.network ?? []) {
      logger.info(
        `  ➜  KV inspector: ${new URL(`${inspector.path}?token=${inspector.token}`, network).href}`,
      )
    }
  }
}
