import type { MiniflareOptions } from 'miniflare'
import type { KvBindingConfig } from '../config/wrangler-config'
import { PROBE_BINDING, PROBE_NAMESPACE } from './disk/probe'
import { forwardRuntimeOutput } from './store-version'
import { SECRET_BINDING, WORKER_SOURCE } from './worker-source'

export const INTERNAL_WORKER = 'kvdev-internal'

/**
 * Miniflare's entry socket serves its first worker, and kvdev needs no entry at all (Node talks
 * to the internal worker's direct socket): this worker, with no bindings, answers there.
 */
const ENTRY_WORKER_SOURCE = 'export default { fetch: () => new Response(null, { status: 403 }) }'

/** The one place Miniflare options are built. */
export function createMiniflareOptions(
  bindings: KvBindingConfig[],
  kvPersist: string | false,
  secret: string,
): MiniflareOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    // Offline: never fetch Request.cf from the internet.
    cf: false,
    handleRuntimeStdio: forwardRuntimeOutput,
    kvPersist,
    workers: [
      {
        name: 'kvdev-entry',
        modules: [{ type: 'ESModule', path: 'kvdev-entry.mjs', contents: ENTRY_WORKER_SOURCE }],
        compatibilityDate: '2025-01-01',
      },
      {
        name: INTERNAL_WORKER,
        modules: [{ type: 'ESModule', path: 'kvdev-internal.mjs', contents: WORKER_SOURCE }],
        compatibilityDate: '2025-01-01',
        kvNamespaces: {
          ...Object.fromEntries(bindings.map((b) => [b.binding, b.id])),
          // Persisted, the files path is proven on its own namespace before it is used.
          ...(kvPersist ? { [PROBE_BINDING]: PROBE_NAMESPACE } : {}),
        },
        bindings: { [SECRET_BINDING]: secret },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
    ],
  }
}
