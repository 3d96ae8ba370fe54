import type { DiskStore } from '../../runtime/disk/disk-store'
import { recordToDiskWrite, toDiskWrite } from '../../runtime/disk/disk-writes'
import { getValueType } from '../../runtime/disk/value-type'
import type { StoreLock } from '../../runtime/lock'
import { summarise } from '../../runtime/stats'
import type { KvRecord } from '../../types/records'
import type { KvTarget } from './target'

const PAGE = 1000
// Dumps keep a leading byte-order mark: the record must hold the exact bytes.
const exact = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function toRecordValue(bytes: Uint8Array): Pick<KvRecord, 'value' | 'base64'> {
  try {
    return { value: exact.decode(bytes) }
  } catch {
    return { value: Buffer.from(bytes).toString('base64'), base64: true }
  }
}

/**
 * Runs on the local store's files directly, under the store's lock: no workerd to
 * start, so a command answers in milliseconds. Used when Miniflare has created the
 * namespace and its schema is the one this kvdev knows; otherwise the CLI starts
 * Miniflare (the direct target).
 */
export function createDiskTarget(disk: DiskStore, lock: StoreLock, binding: string): KvTarget {
  function* names(prefix?: string): Generator<string[]> {
    let cursor: string | undefined
    do {
      const page = disk.list({ prefix, cursor, limit: PAGE })
      yield page.keys.map((k) => k.name)
      cursor = page.cursor
    } while (cursor)
  }

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
      disk.delete(keys)
    },
    async write(records) {
      const now = Date.now() / 1000
      disk.write(records.map((record) => recordToDiskWrite(record, now)))
    },
    async inspect(key, previewBytes) {
      const found = disk.get(key)
      if (!found) return null
      const { name, expiration, metadata } = found.entry
      return {
        name,
        size: found.value.byteLength,
        type: getValueType(found.value).type,
        ...(expiration === undefined ? {} : { expiration }),
        ...(metadata === undefined ? {} : { metadata }),
        preview: found.value.subarray(0, previewBytes),
        truncated: found.value.byteLength > previewBytes,
      }
    },
    async stats(prefix) {
      const sizes: [string, number][] = []
      for (const page of names(prefix)) {
        for (const name of page) {
          const head = disk.head(name)
          if (head) sizes.push([name, head.size])
        }
      }
      return summarise(sizes)
    },
    async count(prefix) {
      return disk.count(prefix)
    },
    async *dump(prefix) {
      for (const page of names(prefix)) {
        const records: KvRecord[] = []
        for (const name of page) {
          const found = disk.get(name)
          if (!found) continue
          const record: KvRecord = { key: name, ...toRecordValue(found.value) }
          if (found.entry.expiration !== undefined) record.expiration = found.entry.expiration
          if (found.entry.metadata !== undefined) record.metadata = found.entry.metadata
          records.push(record)
        }
        yield records
      }
    },
    async close() {
      disk.close()
      lock.release()
    },
  }
}
