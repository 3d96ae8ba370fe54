import { createDiskAdmin, type DiskAdmin } from '../disk/disk-admin'
import type { DiskStore } from '../disk/disk-store'
import type { GatedTransport } from '../gate'
import { diskList, getDiskPut, isWellFormedKey } from './files-calls'
import { DECLINED, type Declined, type NamespaceBackend, VALUE_TYPES, type Written } from './types'

export interface FilesBackendOptions {
  /** The namespace's files, once they exist and are proven (`disk/lazy-disk.ts`). */
  files(): DiskStore | undefined
  /**
   * Holds calls to workerd while the files are written (a write of workerd's own in flight
   * would meet ours as SQLITE_BUSY). Without one (no workerd in this process), writes run at once.
   */
  gate?: Pick<GatedTransport, 'exclusive'>
  /** Resolves once the files are proven equal or not (`createLazyDisk`'s probe). */
  settled?(): Promise<unknown>
}

export interface FilesBackend extends NamespaceBackend {
  readonly kind: 'files'
  /** Whether the files are open now. */
  isOpen(): boolean
  /** Whether the files are open, once a probe in flight has answered (a few milliseconds). */
  opened(): Promise<boolean>
}

const now = <T>(work: () => T | Promise<T>): Promise<T> => Promise.resolve().then(work)

/**
 * A namespace on Miniflare's files, read and written from Node in the format Miniflare itself
 * reads (`disk/`): no round trip to workerd, a count is one SQL query and a seed one transaction.
 * It answers well-formed binding calls only (`files-calls.ts`) and declines the rest, and every
 * call while Miniflare has not created the files yet or the probe has not proven them.
 */
export function createFilesBackend(options: FilesBackendOptions): FilesBackend {
  const { files } = options
  const exclusive = options.gate?.exclusive ?? now
  let admin: { disk: DiskStore; admin: DiskAdmin } | undefined
  // Asked each time: files trusted at start are dropped for workerd if the probe then fails.
  const open = () => {
    const disk = files()
    if (!disk) return undefined
    if (admin?.disk !== disk) admin = { disk, admin: createDiskAdmin(disk) }
    return admin.admin
  }
  /**
   * A write on the files, held at the gate; false when the files are gone meanwhile
   * (a reconfiguration): the write is declined.
   */
  const onFiles = (work: (disk: DiskStore) => unknown) =>
    exclusive(() => {
      const disk = files()
      if (disk) work(disk)
      return disk !== undefined
    })
  /** An admin write, held at the gate; declined while the files are not open. */
  const writing = <T>(work: (admin: DiskAdmin) => Promise<T>) => {
    const opened = open()
    if (!opened) return Promise.resolve(DECLINED)
    return exclusive(() => work(opened))
  }
  /** A bulk write, its count told once it has committed. */
  const told = <T>(answer: T | Declined, count: (answer: T) => number, written?: Written) => {
    if (answer !== DECLINED) written?.(count(answer))
    return answer
  }
  const reading = <T>(work: (admin: DiskAdmin) => T) => {
    const opened = open()
    return Promise.resolve(opened ? work(opened) : DECLINED)
  }

  return {
    kind: 'files',
    isOpen: () => open() !== undefined,
    async opened() {
      if (open()) return true
      await options.settled?.()
      return open() !== undefined
    },
    async get(key, { type, cacheTtl, cacheable }) {
      const disk = VALUE_TYPES.has(type as string) && isWellFormedKey(key) ? files() : undefined
      if (!disk || !(cacheTtl === undefined || cacheable)) return DECLINED
      const found = disk.get(key)
      return found
        ? {
            bytes: found.value,
            metadata: found.entry.metadata ?? null,
            expiration: found.entry.expiration,
            owned: true,
          }
        : { bytes: null, metadata: null }
    },
    getBulk: async () => DECLINED,
    async put(key, { body }, options) {
      const disk = body ? files() : undefined
      const direct = disk && getDiskPut(key, body!, options)
      if (!direct) return DECLINED
      return (await onFiles((f) => f.write([direct]))) ? undefined : DECLINED
    },
    async delete(key) {
      const disk = isWellFormedKey(key) ? files() : undefined
      if (!disk) return DECLINED
      return (await onFiles((f) => f.delete([key]))) ? undefined : DECLINED
    },
    async list(options) {
      const disk = files()
      return (disk && diskList(disk, options)) ?? DECLINED
    },
    listDetails: (o) => reading((a) => a.list(o)),
    keys: (prefix) => reading((a) => a.keys(prefix)),
    count: (prefix) => reading((a) => a.count(prefix)),
    find: (key) => reading((a) => a.find(key)),
    inspect: (key, preview) => reading((a) => a.inspect(key, preview)),
    dump: (prefix) => reading((a) => a.dump(prefix)),
    stats: (prefix) => reading((a) => a.stats(prefix)),
    putMany: async (records, written) =>
      told(await writing((a) => a.write(records)), (n) => n, written),
    deleteMany: (keys) => writing((a) => a.delete(keys)),
    clear: (prefix) => writing((a) => a.clear(prefix)),
    seed: async (records, mode, written) =>
      told(await writing((a) => a.seed(records, mode)), (r) => r.written, written),
  }
}
