import { Miniflare } from 'miniflare'
import type { KVNamespace } from '../../src'
import { MINIFLARE_MAJOR } from '../../src/runtime/miniflare-options'

const SCRIPT = 'export default {}'

/**
 * The reference binding: Miniflare's own, through its Node proxy, in the options shape of the
 * Miniflare installed (the suite runs on Miniflare 4 and, by test/miniflare5, on Miniflare 5).
 * `persist` is Miniflare 4's `kvPersist` directory (`<root>/v3/kv`), or false for memory;
 * `script` the worker bound to it (an empty one by default).
 */
export async function startReferenceKv(
  persist: string | false = false,
  id = 'KV',
  script = SCRIPT,
): Promise<{ kv: KVNamespace; mf: Miniflare; dispose: () => Promise<void> }> {
  const options =
    MINIFLARE_MAJOR === 5
      ? {
          cf: false,
          enableDevRegistry: false,
          telemetry: { enabled: false },
          ...(persist ? { resourcePersistencePath: persist.replace(/[\\/]kv[\\/]?$/, '') } : {}),
          workers: [
            {
              config: {
                name: 'reference',
                compatibilityDate: '2025-01-01',
                manifest: {
                  mainModule: 'index.mjs',
                  modules: { 'index.mjs': { type: 'esm', contents: script } },
                },
                env: { KV: { type: 'kv', id } },
              },
            },
          ],
        }
      : { modules: true, script, kvNamespaces: { KV: id }, kvPersist: persist, cf: false }
  const mf = new Miniflare(options as ConstructorParameters<typeof Miniflare>[0])
  const kv = (await mf.getKVNamespace('KV')) as unknown as KVNamespace
  return { kv, mf, dispose: () => mf.dispose() }
}
