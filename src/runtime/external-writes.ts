import { type FSWatcher, mkdirSync, watch } from 'node:fs'
import { join } from 'node:path'
import type { Transport } from './transport'

/** How long after kvdev's own last operation a file change is still taken as its own. */
const OWN_WRITE_WINDOW_MS = 250

/**
 * Counts kvdev's own operations in flight, so that file changes in the store
 * can be told apart from writes by another process (wrangler, a second tool).
 */
export function trackActivity(
  transport: Transport,
): Transport & { isQuiet(): boolean; mark(): void } {
  let active = 0
  let lastAt = 0
  return {
    async call(header, body) {
      active++
      lastAt = Date.now()
      try {
        return await transport.call(header, body)
      } finally {
        active--
        lastAt = Date.now()
      }
    },
    // A reconfiguration restarts workerd, which touches the store's files itself.
    async restart(work) {
      active++
      try {
        return await transport.restart(work)
      } finally {
        active--
        lastAt = Date.now()
      }
    },
    close: () => transport.close(),
    isQuiet: () => active === 0 && Date.now() - lastAt > OWN_WRITE_WINDOW_MS,
    /** Records kvdev's own work on the store's files, done without the transport. */
    mark: () => {
      lastAt = Date.now()
    },
  }
}

/**
 * Calls `onExternalWrite` when the store's files change while kvdev itself is quiet. Every KV
 * write, from any process, commits to the namespaces' SQLite files in
 * `<kv>/miniflare-KVNamespaceObject`, so that one directory is watched, not recursively: a
 * recursive watch on Linux rescans the whole tree (one blob file per value) on every change,
 * which made each write slower as the store grew.
 */
export function watchExternalWrites(
  kvDir: string,
  isQuiet: () => boolean,
  onExternalWrite: () => void,
): FSWatcher {
  const dir = join(kvDir, 'miniflare-KVNamespaceObject')
  mkdirSync(dir, { recursive: true })
  const watcher = watch(dir, { persistent: false }, () => {
    if (isQuiet()) onExternalWrite()
  })
  watcher.on('error', () => onExternalWrite())
  return watcher
}
