import type { KvValueType } from '../../types/records'
import { getValueType } from './value-type'

/**
 * Size and type of this many values are kept: fifty pages of the inspector's list. Each costs
 * about 300 bytes of a dev server's memory (measured: 120 pages of a million-key store added
 * 45 MB), so the bound is about 15 MB however large the store.
 */
const MAX_VALUE_INFOS = 50_000

export type BlobInfo = { size: number; type: KvValueType }

/**
 * Size and type of a value by its blob id. A blob file never changes once written (a new
 * value gets a new id), so each answer is kept: listing a page again reads no file.
 */
export function createBlobInfo(
  read: (id: string) => Uint8Array | null,
): (id: string) => BlobInfo | null {
  const infos = new Map<string, BlobInfo>()
  return (id) => {
    const known = infos.get(id)
    if (known) return known
    const value = read(id)
    if (!value) return null
    const info = { size: value.byteLength, type: getValueType(value).type }
    if (infos.size >= MAX_VALUE_INFOS) infos.delete(infos.keys().next().value!)
    infos.set(id, info)
    return info
  }
}
