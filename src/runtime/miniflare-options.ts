import type { MiniflareOptions } from 'miniflare'
import type { KvBindingConfig } from '../config/wrangler-config'
import { forwardRuntimeOutput } from './store-version'
import { WORKER_SOURCE } from './worker-source'

export const INTERNAL_WORKER = 'kvdev-internal'

/** The one place Miniflare options are built. */
export function createMiniflareOptions(
  bindings: KvBindingConfig[],
  kvPersist: string | false,
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
        name: INTERNAL_WORKER,
        modules: [{ type: 'ESModule', path: 'kvdev-internal.mjs', contents: WORKER_SOURCE }],
        compatibilityDate: '2025-01-01',
        kvNamespaces: Object.fromEntries(bindings.map((b) => [b.binding, b.id])),
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
    ],
  }
}
