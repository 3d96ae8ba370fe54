import { resolve } from 'node:path'
import { Miniflare } from 'miniflare'
import { type KvBindingConfig, resolveWranglerConfig } from '../config/wrangler-config'
import { KVDEV_STATE_SUBDIR, LOCK_FILE, WRANGLER_STATE_DIR } from '../constants'
import { KvdevError } from '../errors'
import type { KVNamespace } from '../types/kv-namespace'
import type { KvChangeEvent } from '../types/records'
import { trackActivity, watchExternalWrites } from './external-writes'
import { acquireLock, type LockOwner, type StoreLock } from './lock'
import { createMiniflareOptions, INTERNAL_WORKER } from './miniflare-options'
import { createNamespace } from './namespace'
import { findWorkerdChildren, guardChildren } from './orphan-guard'
import { createReadCache } from './read-cache'
import { createStore, type KvStore } from './store'
import { getStoreVersionError } from './store-version'
import { createTransport } from './transport'

export interface CreateKvOptions {
  /** Project root: where the wrangler config and `.wrangler/state` live. @default process.cwd() */
  root?: string
  /** Path to the wrangler config, relative to `root`. @default wrangler.jsonc, wrangler.json or wrangler.toml */
  configPath?: string
  /** The `env.<name>` section of the wrangler config to read. */
  env?: string
  /** Bindings to use instead of the config's `kv_namespaces`: names, or `{ binding, id }`. */
  bindings?: (string | { binding: string; id?: string })[]
  /**
   * Where data lives. `true`: wrangler's own store, `<root>/.wrangler/state`.
   * A path: like wrangler's `--persist-to` (the store is `<path>/v3/kv`). `false`: in memory.
   * @default true
   */
  persist?: boolean | string
  /** Who opens the store, recorded in its lock. @default 'library' */
  role?: LockOwner['role']
  /** How long to wait for another process holding the store's lock, in ms. @default 0 */
  lockWaitMs?: number
  /**
   * Answer repeated reads from a Node-side cache (kvdev makes every write, so it stays exact;
   * it is dropped when another process writes the store). Bytes, or false to turn it off.
   * @default 67108864 (64 MiB)
   */
  readCache?: number | false
}

export interface KvRuntime {
  /** A Workers KV binding per configured namespace, keyed by binding name. */
  readonly env: Record<string, KVNamespace>
  readonly bindings: KvBindingConfig[]
  /** The persistence root (like wrangler's `--persist-to`), or null in memory. */
  readonly persistRoot: string | null
  /** kvdev's own state directory (server.json, lock), or null in memory. */
  readonly stateDir: string | null
  /** Admin operations on one binding (the first when none is named). */
  store(binding?: string): KvStore
  /** Calls `listener` after every write made through kvdev; returns the unsubscribe function. */
  onChange(listener: (event: KvChangeEvent) => void): () => void
  dispose(): Promise<void>
}

function resolveBindings(options: CreateKvOptions): KvBindingConfig[] {
  if (options.bindings) {
    return options.bindings.map((b) =>
      typeof b === 'string' ? { binding: b, id: b } : { binding: b.binding, id: b.id ?? b.binding },
    )
  }
  return resolveWranglerConfig(options).bindings
}

export function resolvePersistRoot(
  root: string,
  persist: boolean | string | undefined,
): string | null {
  if (persist === false) return null
  if (typeof persist === 'string') return resolve(root, persist)
  return resolve(root, WRANGLER_STATE_DIR)
}

/**
 * Starts a local KV runtime: one Miniflare (workerd) owning the store, with a
 * Workers KV binding in Node for every namespace.
 *
 * @example
 * const kv = await createKv({ root: process.cwd() })
 * await kv.env.KV.put('user:1:state', JSON.stringify({ score: 1 }))
 * await kv.dispose()
 */
export async function createKv(options: CreateKvOptions = {}): Promise<KvRuntime> {
  const root = resolve(options.root ?? process.cwd())
  const bindings = resolveBindings(options)
  const persistRoot = resolvePersistRoot(root, options.persist)
  const stateDir = persistRoot && resolve(persistRoot, KVDEV_STATE_SUBDIR)
  let lock: StoreLock | undefined
  if (stateDir) {
    lock = await acquireLock(
      resolve(stateDir, LOCK_FILE),
      options.role ?? 'library',
      options.lockWaitMs,
    )
  }
  const kvPersist = persistRoot ? resolve(persistRoot, 'v3', 'kv') : false
  let mf: Miniflare
  try {
    mf = new Miniflare(createMiniflareOptions(bindings, kvPersist))
    await mf.ready
  } catch (cause) {
    lock?.release()
    const storeError = getStoreVersionError(cause, { root, kvPersist })
    if (storeError) throw storeError
    throw new KvdevError(
      'ERR_RUNTIME',
      `Could not start the KV runtime (workerd): ${(cause as Error).message}.`,
      {
        cause,
      },
    )
  }
  // Only a persisted store can be left open by an orphan.
  const stopGuard = kvPersist ? guardChildren(findWorkerdChildren()) : () => {}
  const transport = trackActivity(createTransport(() => mf.unsafeGetDirectURL(INTERNAL_WORKER)))
  const cache = options.readCache === false ? undefined : createReadCache(options.readCache)
  const watcher =
    cache && kvPersist
      ? watchExternalWrites(kvPersist, transport.isQuiet, () => cache.clear())
      : undefined
  const listeners = new Set<(event: KvChangeEvent) => void>()
  const emit = (event: KvChangeEvent) => {
    for (const listener of listeners) listener(event)
  }
  const env: Record<string, KVNamespace> = {}
  const stores = new Map<string, KvStore>()
  for (const { binding, id } of bindings) {
    const onWrite = (b: string, key: string, kind: 'put' | 'delete') =>
      emit({ binding: b, key, kind, at: Date.now() })
    env[binding] = createNamespace(transport, binding, onWrite, cache)
    stores.set(
      binding,
      createStore(
        transport,
        binding,
        id,
        (e) => emit({ ...e, binding, at: Date.now() }),
        // Bulk writes bypass the per-key bookkeeping: drop every cached read.
        () => cache?.clear(),
      ),
    )
  }
  let disposed: Promise<void> | undefined
  return {
    env,
    bindings,
    persistRoot,
    stateDir,
    store(binding) {
      const name = binding ?? bindings[0]!.binding
      const store = stores.get(name)
      if (!store) {
        throw new KvdevError(
          'ERR_NOT_FOUND',
          `No KV binding named "${name}". Configured bindings: ${bindings.map((b) => b.binding).join(', ')}.`,
        )
      }
      return store
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      disposed ??= (async () => {
        watcher?.close()
        await transport.close()
        await mf.dispose()
        stopGuard()
        lock?.release()
      })()
      return disposed
    },
  }
}
