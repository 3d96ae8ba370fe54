import { type DiskStore, openDiskStore } from './disk-store'

/** Proves the files equal to workerd's binding; resolves to why not, or undefined. */
export type FilesProbe = () => Promise<string | undefined>

// Once per process: the format is the same for every namespace of one Miniflare install.
let probed: Promise<string | undefined> | undefined
let proven = false

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
    else console.warn(`[kvdev] Every KV call goes through workerd: ${why}.`)
  })
  return running
}

/**
 * A namespace's files once Miniflare has created them and the probe has shown them equal:
 * undefined before its first write (which goes through workerd and creates them), where the
 * schema or the versions are unknown, while the probe runs, and for good when it failed.
 */
export function createLazyDisk(
  persistRoot: string,
  id: string,
  probe?: FilesProbe,
): {
  get(): DiskStore | undefined
  /** Resolves once a probe in flight has answered (at once when none is). */
  settled(): Promise<unknown>
  close(): void
} {
  let disk: DiskStore | undefined
  // Closed for good: a binding left over from before a reconfiguration goes to workerd.
  let closed = false
  return {
    get() {
      if (closed) return undefined
      disk ??= openDiskStore(persistRoot, id)
      if (!disk || !probe || proven) return disk
      if (!probed) proveFiles(probe, () => closed)
      return undefined
    },
    settled: () => probed ?? Promise.resolve(),
    close() {
      closed = true
      disk?.close()
      disk = undefined
    },
  }
}
