import { encodeBase64 } from '../../formats/encoding'
import type { KVNamespace } from '../../types/kv-namespace'
import type { KvValueType } from '../../types/records'
import { getValueType } from '../disk/value-type'
import { inChunks } from './in-chunks'

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
 * Size and type of many values, each read as bytes: the bulk read gives text with a leading
 * byte-order mark dropped, so it cannot tell a value's exact size.
 */
export async function describe(
  ns: KVNamespace,
  names: string[],
): Promise<Map<string, ValueDetail>> {
  const out = new Map<string, ValueDetail>()
  await inChunks(names, 64, async (name) => {
    const d = await detail(ns, name, 0)
    if (d) out.set(name, d)
  })
  return out
}
