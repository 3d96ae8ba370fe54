import { API_LIMITS, KV_LIMITS } from '../../constants'
import { bindingFailed, CF_MESSAGES, checkKey, checkPrefix } from '../../rules'
import type { KvRecord } from '../../types/records'
import { createSummary } from '../stats'
import type { KvStore } from '../store'
import type { DiskStore } from './disk-store'
import { recordToDiskWrite } from './disk-writes'
import { getValueType } from './value-type'

/** The admin operations of a store, run on a namespace's files (no change events, no gate). */
export type DiskAdmin = Omit<KvStore, 'binding' | 'id'>

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
 * Through workerd a prefix (or a key looked up by listing) over 512 bytes is refused by the
 * binding's list; one holding NUL is listed from a cursor instead, which takes any length.
 */
function checkListPrefix(prefix: string | undefined): void {
  if (prefix === undefined || prefix.includes('\0')) return
  const long = checkPrefix(prefix)
  if (long) throw bindingFailed('GET', 414, CF_MESSAGES.keyTooLong(long.bytes, long.limit))
}

/** Keys the binding's delete refuses, refused before anything is deleted. */
function checkDeleteKeys(keys: string[]): void {
  for (const key of keys) {
    const broken = checkKey(key)
    if (broken?.rule === 'key-empty') throw bindingFailed('DELETE', 400, CF_MESSAGES.keyEmpty)
    if (broken?.rule === 'key-reserved') {
      throw bindingFailed('DELETE', 400, CF_MESSAGES.keyReserved(key))
    }
    if (broken?.rule === 'key-too-long') {
      throw bindingFailed('DELETE', 414, CF_MESSAGES.keyTooLong(broken.bytes, broken.limit))
    }
  }
}

function* pages(disk: DiskStore, prefix?: string) {
  checkListPrefix(prefix)
  let cursor: string | undefined
  do {
    const page = disk.list({ prefix, cursor, limit: KV_LIMITS.MAX_LIST_LIMIT })
    yield page.keys
    cursor = page.cursor
  } while (cursor)
}

export function createDiskAdmin(disk: DiskStore): DiskAdmin {
  const checked = (records: KvRecord[]) => {
    const now = Date.now() / 1000
    return records.map((record) => recordToDiskWrite(record, now))
  }
  return {
    async list(options = {}) {
      checkListPrefix(options.prefix)
      return disk.listInfo(options)
    },
    async *keys(prefix) {
      yield* pages(disk, prefix)
    },
    async count(prefix) {
      checkListPrefix(prefix)
      return disk.count(prefix)
    },
    async find(key) {
      checkListPrefix(key)
      return disk.head(key)?.entry ?? null
    },
    async inspect(key, previewBytes = API_LIMITS.DEFAULT_PREVIEW_BYTES) {
      checkListPrefix(key)
      const found = disk.get(key)
      if (!found) return null
      return {
        ...found.entry,
        size: found.value.byteLength,
        type: getValueType(found.value).type,
        preview: found.value.subarray(0, previewBytes),
        truncated: found.value.byteLength > previewBytes,
      }
    },
    async *dump(prefix) {
      for (const page of pages(disk, prefix)) {
        const records: KvRecord[] = []
        for (const { name } of page) {
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
    async stats(prefix) {
      checkListPrefix(prefix)
      const summary = createSummary()
      disk.sizes(prefix ?? '', summary.add)
      return summary.result()
    },
    async write(records) {
      return disk.writeMany(checked(records))
    },
    async delete(keys) {
      checkDeleteKeys(keys)
      // As through workerd: the count of keys asked for, whether or not each existed.
      disk.delete(keys)
      return keys.length
    },
    async clear(prefix) {
      checkListPrefix(prefix)
      return disk.clear(prefix)
    },
    async seed(records, mode = 'merge') {
      const writes = checked(records)
      const deleted = mode === 'replace' ? disk.clear() : 0
      return { written: await disk.writeMany(writes), deleted }
    },
  }
}
