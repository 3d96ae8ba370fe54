import { type FilesProbe, proveFiles } from './disk/lazy-disk'
import { forgetProof, getProofKey, hasProof, recordProof } from './disk/proof-record'

/** How long the files must have rested before workerd starts in the background, in ms. */
const WORKERD_AFTER_REST_MS = 50

export interface FilesTrustOptions {
  /** kvdev's state directory of the store, or null in memory. */
  stateDir: string | null
  probe?: FilesProbe
  /** True once the runtime is closing: a probe cut short proves nothing, no start follows. */
  isClosed(): boolean
  /** Whether workerd has not been asked to start yet. */
  isIdle(): boolean
  /** Starts workerd in the background (its failure said once). */
  startWorkerd(): void
  /** The probe failed: nothing read from the files may stay cached. */
  onRefused(): void
}

export interface FilesTrust {
  /** The store records a probe that proved this very install: the files answer from the start. */
  readonly trusted: boolean
  /** Runs the probe through workerd (once per process) and records the outcome for the next start. */
  prove(): Promise<string | undefined>
  /** Told each time trusted files answer: workerd starts once they have rested a moment. */
  used?: () => void
  stop(): void
}

/**
 * Whether a store's files are trusted before workerd is up, and what follows from it. Loading
 * Miniflare takes the main thread (~150 ms or more): on a trusted store it waits until the
 * first answers are out and the files rest, or until a call they decline needs workerd.
 */
export function createFilesTrust(options: FilesTrustOptions): FilesTrust {
  const { stateDir, probe } = options
  const key = stateDir ? getProofKey() : undefined
  const trusted = !!(stateDir && key && hasProof(stateDir, key))
  let rest: NodeJS.Timeout | undefined
  return {
    trusted,
    async prove() {
      const why = probe ? await proveFiles(probe, options.isClosed) : undefined
      if (!stateDir || !key || options.isClosed()) return why
      if (why === undefined) recordProof(stateDir, key)
      else {
        forgetProof(stateDir)
        options.onRefused()
      }
      return why
    },
    used: trusted
      ? () => {
          if (!options.isIdle() || options.isClosed()) return
          if (rest) rest.refresh()
          else {
            rest = setTimeout(options.startWorkerd, WORKERD_AFTER_REST_MS)
            rest.unref()
          }
        }
      : undefined,
    stop: () => clearTimeout(rest),
  }
}
