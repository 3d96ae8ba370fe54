import { createDiskAdmin } from '../../runtime/disk/disk-admin'
import type { DiskStore } from '../../runtime/disk/disk-store'
import { toDiskWrite } from '../../runtime/disk/disk-writes'
import type { StoreLock } from '../../runtime/lock'
import type { KvTarget } from './target'

/**
 * Runs on the local store's files directly, under the store's lock: no workerd to
 * start, so a command answers in milliseconds. Used when Miniflare has created the
 * namespace and its schema is the one this kvdev knows; otherwise the CLI starts
 * Miniflare (the direct target).
 */
export function createDiskTarget(disk: DiskStore, lock: StoreLock, binding: string): KvTarget {
  const admin = createDiskAdmin(disk)
  return {
    binding,
    label: 'local',
    async list(options) {
      return disk.list(options)
    },
    async get(key) {
      const found = disk.get(key)
      if (!found) return null
      const { expiration, metadata = null } = found.entry
      return { value: found.value, metadata, ...(expiration === undefined ? {} : { expiration }) }
    },
    async put(key, value, { metadata, expiration, expiration_ttl }) {
      disk.write([toDiskWrite({ key, value, metadata, expiration, expirationTtl: expiration_ttl })])
    },
    async delete(keys) {
      await admin.delete(keys)
    },
    async write(records) {
      await admin.write(records)
    },
    inspect: (key, previewBytes) => admin.inspect(key, previewBytes),
    stats: (prefix) => admin.stats(prefix),
    count: (prefix) => admin.count(prefix),
    dump: (prefix) => admin.dump(prefix),
    async close() {
      disk.close()
      lock.release()
    },
  }
}
