import type { KvChangeEvent, KvRecord } from '../../types/records'
import type { GatedTransport } from '../gate'
import type { KvStore } from '../store'
import { createDiskAdmin, type DiskAdmin } from './disk-admin'
import type { DiskStore } from './disk-store'

export interface WithDiskOptions {
  /** The namespace's files, once they exist. */
  disk(): DiskStore | undefined
  gate: GatedTransport
  emit(event: Omit<KvChangeEvent, 'binding' | 'at'>): void
  /** Drops the read cache after a write it did not see key by key. */
  invalidate(): void
  /** Resolves once the files are proven equal or not (`createLazyDisk`'s probe). */
  settled?(): Promise<unknown>
}

/**
 * A persisted namespace's admin operations, run on its files: a count is one SQL
 * query and a seed one transaction, where through workerd each key is a round trip.
 * Writes hold the gate, so no call to workerd is in flight meanwhile. Until Miniflare
 * has created the namespace's files, or where their schema is unknown, every
 * operation goes to `store` (through workerd).
 */
export function withDisk(store: KvStore, options: WithDiskOptions): KvStore {
  let admin: DiskAdmin | undefined
  const open = () => {
    if (admin) return admin
    const disk = options.disk()
    if (disk) admin = createDiskAdmin(disk)
    return admin
  }
  async function writing<T>(work: (admin: DiskAdmin) => Promise<T>): Promise<T> {
    try {
      return await options.gate.exclusive(() => work(admin!))
    } finally {
      options.invalidate()
    }
  }
  const { emit } = options
  /**
   * The files for a bulk write: a namespace Miniflare has not created yet gets its first
   * record through workerd, which creates them; the rest then go to the files. Returns
   * the records still to write, or undefined where the files stay out of reach.
   */
  async function createdFor(records: KvRecord[]): Promise<KvRecord[] | undefined> {
    if (await opened()) return records
    if (records.length === 0) return undefined
    await store.write(records.slice(0, 1))
    return (await opened()) ? records.slice(1) : undefined
  }
  /** The files once they exist and are proven: a bulk write waits the few milliseconds the probe takes. */
  async function opened(): Promise<boolean> {
    if (open()) return true
    await options.settled?.()
    return open() !== undefined
  }

  return {
    binding: store.binding,
    id: store.id,
    list: (o) => (open() ?? store).list(o),
    keys: (prefix) => (open() ?? store).keys(prefix),
    count: (prefix) => (open() ?? store).count(prefix),
    find: (key) => (open() ?? store).find(key),
    inspect: (key, preview) => (open() ?? store).inspect(key, preview),
    dump: (prefix) => (open() ?? store).dump(prefix),
    stats: (prefix) => (open() ?? store).stats(prefix),
    async write(records) {
      const rest = await createdFor(records)
      if (!rest) return open() ? records.length : store.write(records)
      const written = await writing((a) => a.write(rest))
      emit({ kind: 'seed', count: written })
      return written + records.length - rest.length
    },
    async delete(keys) {
      if (!open()) return store.delete(keys)
      const deleted = await writing((a) => a.delete(keys))
      if (keys.length === 1) emit({ kind: 'delete', key: keys[0] })
      else emit({ kind: 'clear', count: deleted })
      return deleted
    },
    async clear(prefix) {
      if (!open()) return store.clear(prefix)
      const deleted = await writing((a) => a.clear(prefix))
      emit({ kind: 'clear', prefix: prefix ?? '', count: deleted })
      return deleted
    },
    async seed(records, mode) {
      // Without its files the namespace holds nothing yet: a replace has nothing to clear.
      const fresh = !(await opened())
      const rest = await createdFor(records)
      if (!rest) return open() ? { written: records.length, deleted: 0 } : store.seed(records, mode)
      const result = await writing((a) => a.seed(rest, fresh ? 'merge' : mode))
      emit({ kind: 'seed', count: result.written })
      return { ...result, written: result.written + records.length - rest.length }
    },
  }
}
