import { resolveWranglerConfig } from '../config/wrangler-config'
import type { CreateKvRuntimeOptions, KvRuntime } from '../runtime/create-kv-runtime'
import { resolvePersistRoot } from '../runtime/persist-root'

/** Miniflare, loaded with the runtime: importing it takes longer than Vite's whole start. */
const startRuntime = async (options: CreateKvRuntimeOptions) =>
  (await import('../runtime/create-kv-runtime')).createKvRuntime(options)

interface Entry {
  runtime: Promise<KvRuntime>
  signature: string
  refs: number
}

/**
 * Runtimes outlive plugin instances: on a config edit Vite builds a new server (with a fresh
 * plugin instance) before it closes the old one, so the new instance takes the runtime over
 * instead of re-opening a store the old one still locks.
 */
const REGISTRY = Symbol.for('kvdev.runtimes')
const shared = globalThis as Record<symbol, Map<string, Entry> | undefined>
// On globalThis: Vite bundles a config that imports kvdev from outside node_modules (a linked
// package), so each restart may load a fresh copy of this module.
shared[REGISTRY] ??= new Map<string, Entry>()
const entries = shared[REGISTRY]

function getKey(root: string, persist: CreateKvRuntimeOptions['persist']): string {
  return resolvePersistRoot(root, persist) ?? `memory:${root}`
}

export interface RuntimeLease {
  runtime: KvRuntime
  /** Gives the runtime back; the last holder disposes it. Safe to call more than once. */
  release(): Promise<void>
}

/** True when a runtime for this store is running or starting (a server before a restart holds it). */
export function hasRuntime(
  options: Pick<CreateKvRuntimeOptions, 'persist'> & { root: string },
): boolean {
  return entries.has(getKey(options.root, options.persist))
}

/** Gets the runtime for this store, creating it or sharing the one a previous server opened. */
export async function acquireRuntime(
  options: CreateKvRuntimeOptions & { root: string },
): Promise<RuntimeLease> {
  const key = getKey(options.root, options.persist)
  const bindings = options.bindings ?? resolveWranglerConfig(options).bindings
  const signature = JSON.stringify(bindings)
  let entry = entries.get(key)
  if (entry && entry.signature !== signature) {
    // The bindings changed (a restart after a wrangler config edit): the running Miniflare takes
    // them with setOptions, as @cloudflare/vite-plugin does, keeping the store and its lock.
    entry.signature = signature
    entry.runtime = entry.runtime.then(async (runtime) => {
      await runtime.reconfigure(bindings)
      return runtime
    })
  }
  if (!entry) {
    entry = { runtime: startRuntime({ ...options, role: 'server' }), signature, refs: 0 }
    entries.set(key, entry)
  }
  entry.refs++
  const held = entry
  const realism = options.realism
  // A restart with edited `realism` keeps the store and applies the new modes.
  entry.runtime = entry.runtime.then((runtime) => {
    runtime.setRealism(realism)
    return runtime
  })
  let runtime: KvRuntime
  try {
    runtime = await held.runtime
  } catch (error) {
    if (entries.get(key) === held) entries.delete(key)
    throw error
  }
  let released = false
  return {
    runtime,
    async release() {
      if (released) return
      released = true
      held.refs--
      if (held.refs > 0) return
      if (entries.get(key) === held) entries.delete(key)
      await runtime.dispose()
    },
  }
}
