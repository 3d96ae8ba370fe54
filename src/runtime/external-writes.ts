import { type FSWatcher, mkdirSync, watch } from 'node:fs'
import type { Transport } from './transport'

/** How long after kvdev's own last operation a file change is still taken as its own. */
const OWN_WRITE_WINDOW_MS = 250

/**
 * Counts kvdev's own operations in flight, so that file changes in the store
 * can be told apart from writes by another process (wrangler, a second tool).
 */
export function trackActivity(transport: Transport): Transport & { isQuiet(): boolean } {
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
    close: () => transport.close(),
    isQuiet: () => active === 0 && Date.now() - lastAt > OWN_WRITE_WINDOW_MS,
  }
}

/** Calls `onExternalWrite` when the store's files change while kvdev itself is quiet. */
export function watchExternalWrites(
  dir: string,
  isQuiet: () => boolean,
  onExternalWrite: () => void,
): FSWatcher {
  mkdirSync(dir, { recursive: true })
  const watcher = watch(dir, { recursive: true, persistent: false }, () => {
    if (isQuiet()) onExternalWrite()
  })
  watcher.on('error', () => onExternalWrite())
  return watcher
}
