import { KV_LIMITS } from '../../constants'
import { encodeBase64 } from '../../formats/encoding'
import type { KVNamespace } from '../../types/kv-namespace'
import type { KvValueType } from '../../types/records'
import { getValueType } from '../disk/value-type'
import { inChunks } from './in-chunks'

const encoder = new TextEncoder()

export interface ValueDetail {
  size: number
  type: KvValueType
  previewBase64?: string
  truncated?: boolean
}

/** Size and type of one value, with its first `preview` bytes; null when it is missing. */
export async function detail(
  ns: KVNamespace,
  key: string,
  preview: number,
): Promise<ValueDetail | null> {
  const r = await ns.getWithMetadata(key, 'arrayBuffer')
  if (r.value === null) return null
  const bytes = new Uint8Array(r.value)
  const out: ValueDetail = { size: bytes.byteLength, type: getValueType(bytes).type }
  if (preview) {
    out.previewBase64 = encodeBase64(bytes.subarray(0, preview))
    out.truncated = bytes.byteLength > preview
  }
  return out
}

/**
 * Size and type of many values. Bulk reads (100 keys in one request to the
 * store) come back as text; a value that is not valid UTF-8 shows U+FFFD and
 * is read again as bytes, as is any group the bulk read refuses (over 25 MB).
 * A leading byte-order mark is dropped by the text read, so such a value
 * counts 3 bytes short here; dumps read bytes and stay exact.
 */
export async function describe(
  ns: KVNamespace,
  names: string[],
): Promise<Map<string, ValueDetail>> {
  const out = new Map<string, ValueDetail>()
  const groups: string[][] = []
  for (let i = 0; i < names.length; i += KV_LIMITS.MAX_BULK_GET_KEYS) {
    groups.push(names.slice(i, i + KV_LIMITS.MAX_BULK_GET_KEYS))
  }
  await inChunks(groups, 4, async (group) => {
    const map = await ns.get(group, 'text').catch(() => null)
    for (const name of group) {
      const text = map ? map.get(name) : undefined
      if (text === null) continue
      if (text === undefined || text.includes('\uFFFD')) {
        const d = await detail(ns, name, 0)
        if (d) out.set(name, d)
        continue
      }
      const bytes = encoder.encode(text)
      out.set(name, { size: bytes.byteLength, type: getValueType(bytes).type })
    }
  })
  return out
}
