import { readFileSync } from 'node:fs'
import type { Row } from '../disk/disk-rows'

export type SnapshotChange = 'value' | 'metadata' | 'expiration'

export interface SnapshotDiff {
  a: string
  /** A snapshot's name, or null for the store as it is now. */
  b: string | null
  added: string[]
  removed: string[]
  changed: { key: string; changes: SnapshotChange[] }[]
}

export interface DiffSide {
  rows: Row[]
  blobPath(id: string): string
}

/** Same blob id, same bytes (blobs never change); different ids are compared byte for byte. */
function sameValue(a: Row, b: Row, left: DiffSide, right: DiffSide): boolean {
  if (a.blob_id === b.blob_id) return true
  return (
    Buffer.compare(
      readFileSync(left.blobPath(a.blob_id)),
      readFileSync(right.blobPath(b.blob_id)),
    ) === 0
  )
}

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000))

/** Added, removed and changed keys from `left` to `right`, each change named. */
export function diffRows(left: DiffSide, right: DiffSide): Omit<SnapshotDiff, 'a' | 'b'> {
  const before = new Map(left.rows.map((row) => [row.key, row]))
  const added: string[] = []
  const changed: SnapshotDiff['changed'] = []
  for (const row of right.rows) {
    const old = before.get(row.key)
    before.delete(row.key)
    if (!old) {
      added.push(row.key)
      continue
    }
    const changes: SnapshotChange[] = []
    if (!sameValue(old, row, left, right)) changes.push('value')
    if (old.metadata !== row.metadata) changes.push('metadata')
    if (seconds(old.expiration) !== seconds(row.expiration)) changes.push('expiration')
    if (changes.length > 0) changed.push({ key: row.key, changes })
  }
  return { added, removed: [...before.keys()], changed }
}
