import {
  checkExpirationTtl,
  checkKey,
  checkMetadata,
  checkTextValue,
  describeViolation,
  utf8Length,
} from '../rules'

/** What a JSON write carries: the key, the JSON value, and Workers KV's options. */
export interface JsonWrite {
  key: unknown
  value: unknown
  ttl?: unknown
  metadata?: unknown
  /** An application's own cap on the value's JSON text (TMA documents 128 KB), in bytes. */
  maxValueBytes?: number
}

export type CheckedJsonWrite =
  | { ok: true; key: string; text: string; ttl?: number }
  | { ok: false; error: string; field: 'key' | 'value' | 'ttl' | 'metadata' }

const JSON_VALUE_RULE = 'A value is a JSON string, number, boolean, object or array.'

function toJsonText(value: unknown): string | { error: string } {
  if (value === undefined) return { error: 'Missing `value`. Send `{ "value": <JSON value> }`.' }
  if (value === null) return { error: `Invalid value: null. ${JSON_VALUE_RULE}` }
  try {
    const text = JSON.stringify(value)
    if (text !== undefined) return text
  } catch (error) {
    return { error: `Value is not JSON: ${(error as Error).message}.` }
  }
  return {
    error: `Value is not JSON: a ${typeof value}. ${JSON_VALUE_RULE}`,
  }
}

/**
 * Checks a JSON write against Workers KV's rules (key, value, TTL, metadata) and an
 * optional application cap, and serialises the value: nothing is written unless this
 * says `ok`. Messages are kvdev's wording of each rule, from `src/rules`.
 */
export function checkJsonWrite(write: JsonWrite): CheckedJsonWrite {
  const keyViolation = checkKey(write.key)
  if (keyViolation) return { ok: false, error: describeViolation(keyViolation), field: 'key' }
  const text = toJsonText(write.value)
  if (typeof text !== 'string') return { ok: false, ...text, field: 'value' }
  const valueViolation = checkTextValue(text)
  if (valueViolation) return { ok: false, error: describeViolation(valueViolation), field: 'value' }
  const cap = write.maxValueBytes
  if (cap !== undefined && utf8Length(text) > cap) {
    return {
      ok: false,
      error: `Value is ${utf8Length(text)} bytes as JSON; this store takes values of at most ${cap} bytes.`,
      field: 'value',
    }
  }
  if (write.ttl !== undefined) {
    const ttlViolation = checkExpirationTtl(write.ttl)
    if (ttlViolation) return { ok: false, error: describeViolation(ttlViolation), field: 'ttl' }
  }
  const metadataViolation = checkMetadata(write.metadata)
  if (metadataViolation)
    return { ok: false, error: describeViolation(metadataViolation), field: 'metadata' }
  return { ok: true, key: write.key as string, text, ttl: write.ttl as number | undefined }
}

/** Parses a stored value as JSON; text that is not JSON (written by other tools) comes back as text. */
export function parseStoredJson<T>(text: string | null): T | null {
  if (text === null) return null
  try {
    return JSON.parse(text) as T
  } catch {
    return text as T
  }
}
