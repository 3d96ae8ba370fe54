import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { type KvBindingConfig, resolveWranglerConfig } from '../config/wrangler-config'
import { KVDEV_STATE_SUBDIR, LOCK_FILE } from '../constants'
import { KvdevError } from '../errors'
import { type RealismOptions, type ResolvedRealism, resolveRealism } from '../realism/options'
import { createPropagation } from '../realism/propagation'
import { createPutChecks } from '../realism/put-checks'
import type { KVNamespace } from '../types/kv-namespace'
import type { KvChangeEvent } from '../types/records'
import { chooseBackend } from './backend/choose'
import { type FilesState, getFilesState } from './disk/lazy-disk'
import { getKvDir } from './disk/miniflare-format'
import { probeFiles } from './disk/probe'
import { createFilesTrust } from './files-trust'
import { createGate } from './gate'
import { withHistory } from './history/with-history'
import { createLazyWorkerd, type WorkerdState } from './lazy-workerd'
import { acquireLock, type LockOwner, type StoreLock } from './lock'
import { createNamespace } from './namespace'
import { resolvePersistRoot } from './persist-root'
import { type CachedValue, createReadCache } from './read-cache'
import { ensureStateDir } from './state-dir'
import { createStore, type KvStore } from './store'
import { createTransport } from './transport'
import { SECRET_HEADER } from './worker/secret'

export interface CreateKvRuntimeOptions {
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
   * Answer repeated reads from a Node-side cache. It follows every write kvdev makes, and
   * before each answer checks SQLite's `data_version` so a write by any other process is
   * seen on the next read. Bytes, or false to turn it off.
   * @default 67108864 (64 MiB)
   */
  readCache?: number | false
  /** Production behaviour to imitate (per-key write rate, limit profiles); all off by default. */
  realism?: RealismOptions
}

export interface KvRuntime {
  /** A Workers KV binding per configured namespace, keyed by binding name. */
  readonly env: Record<string, KVNamespace>
  readonly bindings: KvBindingConfig[]
  /** The realism modes on (`modes` is empty when none is). */
  readonly realism: ResolvedRealism
  /** Applies new realism options (a Vite restart with an edited config) to every binding. */
  setRealism(options: RealismOptions | undefined): void
  /**
   * Applies new bindings (a wrangler config edit) to the running Miniflare with `setOptions`,
   * keeping the store, its lock and this object: `env` and `store()` follow the new bindings.
   */
  reconfigure(bindings: NonNullable<CreateKvRuntimeOptions['bindings']>): Promise<void>
  /** The persistence root (like wrangler's `--persist-to`), or null in memory. */
  readonly persistRoot: string | null
  /** kvdev's own state directory (server.json, lock), or null in memory. */
  readonly stateDir: string | null
  /** Admin operations on one binding (the first when none is named). */
  store(binding?: string): KvStore
  /** Calls `listener` after every write made through kvdev; returns the unsubscribe function. */
  onChange(listener: (event: KvChangeEvent) => void): () => void
  /**
   * Where calls are answered now. `workerd`: whether Miniflare's workerd is up (on a store an
   * earlier probe proved, the files answer from the start and workerd starts on demand, or once
   * the first answers are out). `files`: whether the namespace files answer (`proven` by this
   * process's probe, `trusted` on the store's record of an earlier one, `refused` after a failed
   * probe, `unproven` before one answered, `none` in memory).
   */
  status(): { workerd: WorkerdState; files: FilesState | 'none' }
  dispose(): Promise<void>
}

function resolveBindings(options: CreateKvRuntimeOptions): KvBindingConfig[] {
  if (options.bindings) {
    return options.bindings.map((b) =>
      typeof b === 'string' ? { binding: b, id: b } : { binding: b.binding, id: b.id ?? b.binding },
    )
  }
  return resolveWranglerConfig(options).bindings
}

export { resolvePersistRoot }

/**
 * Starts a local KV runtime: one Miniflare (workerd) owning the store, with a
 * Workers KV binding in Node for every namespace.
 *
 * @example
 * const kv = await createKvRuntime({ root: process.cwd() })
 * await kv.env.KV.put('user:1:state', JSON.stringify({ score: 1 }))
 * await kv.dispose()
 */
export async function createKvRuntime(options: CreateKvRuntimeOptions = {}): Promise<KvRuntime> {
  const root = resolve(options.root ?? process.cwd())
  const bindings = resolveBindings(options)
  // Invalid realism fails before anything starts.
  let realism = resolveRealism(options.realism)
  const persistRoot = resolvePersistRoot(root, options.persist)
  const stateDir = persistRoot && resolve(persistRoot, KVDEV_STATE_SUBDIR)
  let lock: StoreLock | undefined
  if (stateDir) {
    ensureStateDir(stateDir)
    lock = await acquireLock(
      resolve(stateDir, LOCK_FILE),
      options.role ?? 'library',
      options.lockWaitMs,
    )
  }
  const kvPersist = persistRoot ? getKvDir(persistRoot) : false
  // Only this process may talk to its workerd: the internal worker demands this on every connection.
  const secret = randomBytes(32).toString('base64url')
  let current = bindings
  let disposing = false
  // Whether an earlier probe on this store proved this install: then the files answer at once.
  const trust = createFilesTrust({
    stateDir,
    probe: persistRoot ? () => probeFiles(persistRoot, transport) : undefined,
    isClosed: () => disposing,
    isIdle: () => workerd.state === 'not started',
    // Said once here; a call the files decline then gets the same error. A CLI run is over in
    // milliseconds: there workerd starts only for a call that needs it, never beside the next
    // CLI run that takes the store's lock as this one exits.
    startWorkerd: () => {
      if (options.role === 'cli') return
      void workerd.start().catch((error: Error) => {
        if (!disposing) console.warn(error.message)
      })
    },
    // Dropped for workerd: nothing read from the files stays cached.
    onRefused: () => cache?.clear(),
  })
  const workerd = createLazyWorkerd({
    root,
    kvPersist,
    secret,
    bindings: () => current,
    // On a trusted store the probe runs again once workerd is up; a failure drops the files.
    onReady: trust.trusted ? () => void trust.prove() : undefined,
  })
  const transport = createGate(createTransport(workerd.url, { [SECRET_HEADER]: secret }))
  // Each binding's files, on the connection kvdev writes them with: the read cache proves
  // itself current against its data_version (in memory, no other process writes).
  const versions = new Map<string, () => number | undefined>()
  const cache =
    options.readCache === false
      ? undefined
      : createReadCache(options.readCache, {
          dataVersion: persistRoot ? (b) => versions.get(b)?.() : undefined,
        })
  const listeners = new Set<(event: KvChangeEvent) => void>()
  const emit = (event: KvChangeEvent) => {
    for (const listener of listeners) listener(event)
  }
  const applyRealism = () => ({
    checks: createPutChecks(realism),
    propagation: realism.propagationDelayMs
      ? createPropagation<CachedValue>(realism.propagationDelayMs)
      : undefined,
  })
  let rules = applyRealism()
  const env: Record<string, KVNamespace> = {}
  const stores = new Map<string, KvStore>()
  let closers: (() => void)[] = []
  function attach(list: KvBindingConfig[]) {
    for (const name of Object.keys(env)) delete env[name]
    stores.clear()
    versions.clear()
    for (const close of closers) close()
    closers = []
    for (const { binding, id } of list) {
      const onWrite = (b: string, key: string, kind: 'put' | 'delete') =>
        emit({ binding: b, key, kind, at: Date.now() })
      const chosen = chooseBackend(transport, { binding, id }, persistRoot, {
        trusted: () => trust.trusted,
        used: trust.used,
      })
      closers.push(chosen.close)
      if (chosen.dataVersion) versions.set(binding, chosen.dataVersion)
      env[binding] = createNamespace(chosen.backend, binding, onWrite, cache, () => rules)
      const storeEmit = (e: Omit<KvChangeEvent, 'binding' | 'at'>) =>
        emit({ ...e, binding, at: Date.now() })
      // Bulk writes bypass the per-key bookkeeping: drop every cached read.
      const invalidate = () => cache?.clear()
      const store = createStore(chosen.backend, binding, id, storeEmit, invalidate)
      stores.set(
        binding,
        persistRoot && stateDir
          ? withHistory(store, {
              persistRoot,
              stateDir,
              gate: transport,
              invalidate,
              emit: storeEmit,
            })
          : store,
      )
    }
    current = list
  }
  attach(bindings)
  if (!trust.trusted) {
    try {
      await workerd.start()
    } catch (error) {
      for (const close of closers) close()
      lock?.release()
      throw error
    }
    // Proven before the first call (a few round trips, once per process): every binding then
    // answers from its files and its read cache from the start, never by the timing of a probe.
    await trust.prove()
  }
  let disposed: Promise<void> | undefined
  return {
    env,
    get realism() {
      return realism
    },
    setRealism(next) {
      realism = resolveRealism(next)
      rules = applyRealism()
    },
    get bindings() {
      return current
    },
    async reconfigure(wanted) {
      const next = resolveBindings({ bindings: wanted })
      await transport.restart(async () => {
        // A workerd not started yet starts with the new bindings.
        await workerd.reconfigure(next)
        // A binding may now name another namespace: no cached read survives.
        cache?.clear()
        attach(next)
      })
    },
    persistRoot,
    stateDir,
    store(binding) {
      const name = binding ?? current[0]!.binding
      const store = stores.get(name)
      if (!store) {
        throw new KvdevError(
          'ERR_NOT_FOUND',
          `No KV binding named "${name}". Configured bindings: ${current.map((b) => b.binding).join(', ')}.`,
        )
      }
      return store
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    status: () => ({
      workerd: workerd.state,
      files: persistRoot ? getFilesState(trust.trusted) : 'none',
    }),
    dispose() {
      disposed ??= (async () => {
        disposing = true
        trust.stop()
        await transport.close()
        await workerd.dispose()
        for (const close of closers) close()
        lock?.release()
      })()
      return disposed
    },
  }
}
