import { KV_LIMITS } from '../../constants'
import type { KvRecord } from '../../types/records'
import type { KvTarget } from '../targets/target'

/** Every record of `target` under `prefix`; `onPage` hears how many came in. */
export async function readAll(
  target: KvTarget,
  prefix: string | undefined,
  onPage: (n: number) => void,
): Promise<KvRecord[]> {
  const records: KvRecord[] = []
  for await (const page of target.dump(prefix)) {
    records.push(...page)
    onPage(page.length)
  }
  return records
}

/**
 * Records a write can carry: KV refuses an expiration less than 60 seconds ahead, so a key
 * that close to expiring (or past it) is left out and counted rather than failing the write.
 */
export function splitWritable(
  records: KvRecord[],
  nowSeconds = Date.now() / 1000,
): { writable: KvRecord[]; expiring: KvRecord[] } {
  const writable: KvRecord[] = []
  const expiring: KvRecord[] = []
  const earliest = nowSeconds + KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS
  for (const record of records) {
    if (record.expiration !== undefined && record.expiration < earliest) expiring.push(record)
    else writable.push(record)
  }
  return { writable, expiring }
}

const bytesOf = (record: KvRecord) => Buffer.from(record.value, record.base64 ? 'base64' : 'utf8')

/** Value, metadata and expiration the same: writing `record` over `old` changes nothing. */
function same(record: KvRecord, old: KvRecord): boolean {
  return (
    bytesOf(record).equals(bytesOf(old)) &&
    JSON.stringify(record.metadata ?? null) === JSON.stringify(old.metadata ?? null) &&
    record.expiration === old.expiration
  )
}

/** What writing `records` over `existing` would do: new keys, changed keys, the rest unchanged. */
export function planWrites(
  records: KvRecord[],
  existing: KvRecord[],
): { added: KvRecord[]; changed: KvRecord[]; unchanged: number } {
  const before = new Map(existing.map((record) => [record.key, record]))
  const added: KvRecord[] = []
  const changed: KvRecord[] = []
  let unchanged = 0
  for (const record of records) {
    const old = before.get(record.key)
    if (!old) added.push(record)
    else if (same(record, old)) unchanged++
    else changed.push(record)
  }
  return { added, changed, unchanged }
}

export const totalBytes = (records: KvRecord[]) =>
  records.reduce((sum, record) => sum + bytesOf(record).byteLength, 0)
