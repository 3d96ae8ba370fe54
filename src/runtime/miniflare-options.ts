/// <reference path="./worker/bundle.d.ts" />
import { dirname } from 'node:path'
import type { MiniflareOptions } from 'miniflare'
import * as miniflare from 'miniflare'
import type { KvBindingConfig } from '../config/wrangler-config'
import { PROBE_BINDING, PROBE_NAMESPACE } from './disk/probe'
import { forwardRuntimeLog, forwardRuntimeOutput } from './store-version'
import WORKER_SOURCE from './worker/internal.worker?bundle'
import { SECRET_BINDING } from './worker/secret'

export const INTERNAL_WORKER = 'kvdev-internal'
const ENTRY_WORKER = 'kvdev-entry'
const COMPATIBILITY_DATE = '2025-01-01'
// The worker shares `node:buffer`-based codecs with Node (`../formats/encoding.ts`).
const COMPATIBILITY_FLAGS = ['nodejs_compat']

/**
 * Miniflare 5 (what wrangler 4.16x runs; `5.x-beta` on npm) takes each worker as
 * `{ config, dev }` with typed `env` bindings, and one `resourcePersistencePath` in place of
 * `kvPersist`; only it exports `InstanceOptionsSchema`. Its KV files are Miniflare 4's, byte
 * for byte, so both read and write the same store.
 */
export const MINIFLARE_MAJOR: 4 | 5 = 'InstanceOptionsSchema' in miniflare ? 5 : 4

/**
 * Miniflare's entry socket serves its first worker, and kvdev needs no entry at all (Node talks
 * to the internal worker's direct socket): this worker, with no bindings, answers there.
 */
const ENTRY_WORKER_SOURCE = 'export default { fetch: () => new Response(null, { status: 403 }) }'

/** The one place Miniflare options are built, in the shape of the Miniflare installed. */
export function createMiniflareOptions(
  bindings: KvBindingConfig[],
  kvPersist: string | false,
  secret: string,
): MiniflareOptions {
  return MINIFLARE_MAJOR === 5
    ? (createV5Options(bindings, kvPersist, secret) as unknown as MiniflareOptions)
    : createV4Options(bindings, kvPersist, secret)
}

function createV4Options(
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
        name: ENTRY_WORKER,
        modules: [{ type: 'ESModule', path: 'kvdev-entry.mjs', contents: ENTRY_WORKER_SOURCE }],
        compatibilityDate: COMPATIBILITY_DATE,
      },
      {
        name: INTERNAL_WORKER,
        modules: [{ type: 'ESModule', path: 'kvdev-internal.mjs', contents: WORKER_SOURCE }],
        compatibilityDate: COMPATIBILITY_DATE,
        compatibilityFlags: COMPATIBILITY_FLAGS,
        kvNamespaces: Object.fromEntries(kvNamespaces(bindings, kvPersist)),
        bindings: { [SECRET_BINDING]: secret },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
    ],
  }
}

/** The internal worker's namespaces: every binding's and, persisted, the files path's probe. */
function kvNamespaces(bindings: KvBindingConfig[], kvPersist: string | false): [string, string][] {
  const own = bindings.map((b): [string, string] => [b.binding, b.id])
  // Persisted, the files path is proven on its own namespace before it is used.
  return kvPersist ? [...own, [PROBE_BINDING, PROBE_NAMESPACE]] : own
}

const esm = (path: string, contents: string) => ({
  mainModule: path,
  modules: { [path]: { type: 'esm', contents } },
})

function createV5Options(bindings: KvBindingConfig[], kvPersist: string | false, secret: string) {
  return {
    host: '127.0.0.1',
    port: 0,
    cf: false,
    handleStructuredLogs: forwardRuntimeLog,
    // `<persist>/v3/kv` is Miniflare 4's KV directory; Miniflare 5 adds the plugin's name itself.
    ...(kvPersist ? { resourcePersistencePath: dirname(kvPersist) } : {}),
    // On by default in Miniflare 5, it writes under the home directory: kvdev writes only in the project.
    enableDevRegistry: false,
    telemetry: { enabled: false },
    workers: [
      {
        config: {
          name: ENTRY_WORKER,
          compatibilityDate: COMPATIBILITY_DATE,
          manifest: esm('kvdev-entry.mjs', ENTRY_WORKER_SOURCE),
        },
      },
      {
        config: {
          name: INTERNAL_WORKER,
          compatibilityDate: COMPATIBILITY_DATE,
          compatibilityFlags: COMPATIBILITY_FLAGS,
          manifest: esm('kvdev-internal.mjs', WORKER_SOURCE),
          env: {
            ...Object.fromEntries(
              kvNamespaces(bindings, kvPersist).map(([binding, id]) => [
                binding,
                { type: 'kv', id },
              ]),
            ),
            [SECRET_BINDING]: { type: 'text', value: secret },
          },
        },
        dev: { unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] },
      },
    ],
  }
}
