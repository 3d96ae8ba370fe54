import type { KvRecord, KvValueType } from '../../types/records'

const fatal = new TextDecoder('utf-8', { fatal: true })

/** The text of a value, or undefined when it is not valid UTF-8. */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return fatal.decode(bytes)
  } catch {
    return undefined
  }
}

/** The same classification the store uses: binary unless UTF-8, json when it parses. */
export function getValueType(bytes: Uint8Array): KvValueType {
  const text = decodeText(bytes)
  if (text === undefined) return 'binary'
  try {
    JSON.parse(text)
    return 'json'
  } catch {
    return 'text'
  }
}

/** A value in wrangler's bulk format: text as is, anything else base64. */
export function toRecord(
  key: string,
  value: Uint8Array,
  metadata: unknown,
  expiration?: number,
): KvRecord {
  const text = decodeText(value)
  const record: KvRecord =
    text === undefined
      ? { key, value: Buffer.from(value).toString('base64'), base64: true }
      : { key, value: text }
  if (expiration !== undefined) record.expiration = expiration
  if (metadata !== undefined && metadata !== null) record.metadata = metadata
  return record
}
