import type { Miniflare } from 'miniflare'
import type { KvBindingConfig } from '../config/wrangler-config'
import { isKvdevError, KvdevError } from '../errors'
import { findWorkerdChildren, guardChildren } from './orphan-guard'
import { getStoreVersionError } from './store-version'

/** Where a runtime's workerd is: started on demand or once the first answers are out. */
export type WorkerdState = 'not started' | 'starting' | 'ready' | 'failed' | 'disposed'

export interface LazyWorkerdOptions {
  root: string
  /** Miniflare's `kvPersist`: the KV directory, or false in memory. */
  kvPersist: string | false
  /** The secret the internal worker demands on every connection. */
  secret: string
  /** The bindings to start with: the current ones, read when workerd starts. */
  bindings(): KvBindingConfig[]
  /** Called once workerd is up (not after a failed start). */
  onReady?(): void
}

export interface LazyWorkerd {
  readonly state: WorkerdState
  /** Starts Miniflare and workerd once; resolves when they are up (at once when they are). */
  start(): Promise<void>
  /** The internal worker's URL, starting workerd first when it is not up. */
  url(): Promise<URL>
  /** Applies new bindings to a workerd that is up or starting; one not started takes them when it starts. */
  reconfigure(bindings: KvBindingConfig[]): Promise<void>
  dispose(): Promise<void>
}

/** Miniflare and its options module: loading them takes the main thread for ~150 ms or more. */
const loadMiniflare = () =>
  Promise.all([import('./start-miniflare'), import('./miniflare-options')])

/** A startup failure as the runtime reports it: a store a newer workerd changed, the guard's own words, or workerd's. */
function explain(cause: unknown, root: string, kvPersist: string | false): Error {
  const storeError = getStoreVersionError(cause, { root, kvPersist })
  if (storeError) return storeError
  // The loopback guard's own message: it names what Miniflare did.
  if (isKvdevError(cause)) return cause as Error
  return new KvdevError(
    'ERR_RUNTIME',
    `Could not start the KV runtime (workerd): ${(cause as Error).message}.`,
    { cause },
  )
}

/**
 * A runtime's Miniflare (workerd), not loaded until something needs it: a call the files
 * decline (its first message waits here), the runtime itself when the files cannot answer, or
 * the runtime once the first answers from the files are out. Once started it stays as before:
 * its loopback guarded before it listens, its children watched, `setOptions` on a wrangler
 * config edit, disposed on close.
 */
export function createLazyWorkerd(options: LazyWorkerdOptions): LazyWorkerd {
  const { root, kvPersist, secret } = options
  let state: WorkerdState = 'not started'
  let started: Promise<{ mf: Miniflare; url(): Promise<URL> }> | undefined
  // Only a persisted store can be left open by an orphan.
  const guard = () => (kvPersist ? guardChildren(findWorkerdChildren()) : () => {})
  let stopGuard = () => {}
  // Read through a function: a dispose may come while a start awaits.
  const disposed = () => state === 'disposed'

  function start() {
    if (disposed()) return Promise.reject(new Error('[kvdev] The KV runtime was disposed.'))
    started ??= (async () => {
      state = 'starting'
      try {
        const [{ startMiniflare }, { createMiniflareOptions, INTERNAL_WORKER }] =
          await loadMiniflare()
        const mf = await startMiniflare(
          createMiniflareOptions(options.bindings(), kvPersist, secret),
        )
        if (disposed()) {
          await mf.dispose()
          throw new Error('[kvdev] The KV runtime was disposed.')
        }
        stopGuard = guard()
        state = 'ready'
        options.onReady?.()
        return { mf, url: () => mf.unsafeGetDirectURL(INTERNAL_WORKER) }
      } catch (cause) {
        if (disposed()) throw cause
        state = 'failed'
        throw explain(cause, root, kvPersist)
      }
    })()
    return started
  }

  return {
    get state() {
      return state
    },
    start: async () => {
      await start()
    },
    url: async () => (await start()).url(),
    async reconfigure(bindings) {
      if (!started) return
      const { mf } = await started
      const [{ setMiniflareOptions }, { createMiniflareOptions }] = await loadMiniflare()
      await setMiniflareOptions(mf, createMiniflareOptions(bindings, kvPersist, secret))
      // setOptions starts a new workerd: the watchdog follows it.
      stopGuard()
      stopGuard = guard()
    },
    async dispose() {
      const running = started
      state = 'disposed'
      const up = await running?.catch(() => undefined)
      await up?.mf.dispose()
      stopGuard()
    },
  }
}
