import type { KvRecord, KvValueType } from '../types/records'
import { decodeBase64, utf8ByteLength } from './encoding'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

function textType(text: string): KvValueType {
  try {
    JSON.parse(text)
    return 'json'
  } catch {
    return 'text'
  }
}

/**
 * Size in bytes and type of a record's value, classified as the runtime classifies stored
 * bytes: binary when not valid UTF-8, json when the text parses as JSON, text otherwise.
 * A base64 record is judged by its decoded bytes, so it agrees with what the inspector shows.
 */
export function getValueInfo(record: Pick<KvRecord, 'value' | 'base64'>): {
  size: number
  type: KvValueType
} {
  if (!record.base64) return { size: utf8ByteLength(record.value), type: textType(record.value) }
  const bytes = decodeBase64(record.value)
  let text: string
  try {
    text = strictUtf8.decode(bytes)
  } catch {
    return { size: bytes.byteLength, type: 'binary' }
  }
  return { size: bytes.byteLength, type: textType(text) }
}
