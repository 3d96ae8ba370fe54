import { type DiskStore, openDiskStore } from './disk-store'

/** Proves the files equal to workerd's binding; resolves to why not, or undefined. */
export type FilesProbe = () => Promise<string | undefined>

/**
 * Whether a namespace's files answer: `proven` by a probe in this process, `trusted` on the
 * record of an earlier probe on this store (until the probe, run again once workerd is up,
 * says otherwise), `refused` after a failed probe, `unproven` while none has answered.
 */
export type FilesState = 'proven' | 'trusted' | 'refused' | 'unproven'

// Once per process: the format is the same for every namespace of one Miniflare install.
let probed: Promise<string | undefined> | undefined
let proven = false
let refused = false

/**
 * Runs the probe once per process and says why when it fails; a probe cut short by a close
 * (`isClosed`) proves nothing either way, so the next start probes again.
 */
export function proveFiles(
  probe: FilesProbe,
  isClosed: () => boolean = () => false,
): Promise<string | undefined> {
  if (proven) return Promise.resolve(undefined)
  if (probed) return probed
  const running = probe().catch((error: Error) => `the probe failed: ${error.message}`)
  probed = running
  running.then((why) => {
    if (why === undefined) proven = true
    else if (isClosed()) probed = undefined
    else {
      refused = true
      console.warn(`[kvdev] Every KV call goes through workerd: ${why}.`)
    }
  })
  return running
}

/** The files' state for a store that is (`trusted`) or is not backed by a probe's record. */
export function getFilesState(trusted: boolean): FilesState {
  if (proven) return 'proven'
  if (refused) return 'refused'
  return trusted ? 'trusted' : 'unproven'
}

export interface LazyDiskOptions {
  /** Runs before the files are handed out, unless they are trusted. */
  probe?: FilesProbe
  /** The store's record says a probe proved them on this install (`proof-record.ts`). */
  trusted?(): boolean
  /** Told each time the files are handed out (the runtime starts workerd once they rest). */
  used?(): void
}

/**
 * A namespace's files once Miniflare has created them and they are proven or trusted:
 * undefined before its first write (which goes through workerd and creates them), where the
 * schema or the versions are unknown, while the probe runs, and for good once it failed.
 */
export function createLazyDisk(
  persistRoot: string,
  id: string,
  options: LazyDiskOptions = {},
): {
  get(): DiskStore | undefined
  /** Resolves once a probe in flight has answered (at once when none is). */
  settled(): Promise<unknown>
  close(): void
} {
  const { probe, trusted, used } = options
  let disk: DiskStore | undefined
  // Closed for good: a binding left over from before a reconfiguration goes to workerd.
  let closed = false
  return {
    get() {
      if (closed) return undefined
      disk ??= openDiskStore(persistRoot, id)
      if (!disk) return undefined
      if (probe && !proven && !trusted?.()) {
        if (!probed) proveFiles(probe, () => closed)
        return undefined
      }
      if (probe && refused) return undefined
      used?.()
      return disk
    },
    settled: () => probed ?? Promise.resolve(),
    close() {
      closed = true
      disk?.close()
      disk = undefined
    },
  }
}
