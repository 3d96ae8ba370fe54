import { type DiskStore, openDiskStore } from './disk-store'

/**
 * A namespace's files once Miniflare has created them: undefined before its first
 * write (which goes through workerd and creates them), or where the schema is unknown.
 */
export function createLazyDisk(
  persistRoot: string,
  id: string,
): {
  get(): DiskStore | undefined
  close(): void
} {
  let disk: DiskStore | undefined
  // Closed for good: a binding left over from before a reconfiguration goes to workerd.
  let closed = false
  return {
    get() {
      if (closed) return undefined
      disk ??= openDiskStore(persistRoot, id)
      return disk
    },
    close() {
      closed = true
      disk?.close()
      disk = undefined
    },
  }
}
