import type { KvRecord } from '../types/records'
import { formatValue, type RecordLocation, seedError } from './location'
import { isPlainObject } from './plain-object'
import {
  checkExpiration,
  checkExpirationTtl,
  checkKey,
  checkMetadata,
  checkValue,
} from './record-rules'

const RECORD_FIELDS = ['key', 'value', 'base64', 'expiration', 'expiration_ttl', 'metadata']
const KNOWN_FIELDS = new Set(RECORD_FIELDS)
const FIELD_LIST = `${RECORD_FIELDS.slice(0, -1).join(', ')} and ${RECORD_FIELDS.at(-1)}`

export function nowSeconds(): number {
  return Date.now() / 1000
}

/**
 * Checks one record of wrangler's bulk format against Cloudflare's limits and returns a clean
 * copy (own known fields only; `base64` kept only when true). Throws a KvdevError with code
 * ERR_SEED naming where the record is, its key and the rule broken.
 *
 * @param now Current time in seconds since the UNIX epoch; expirations must be 60 s past it.
 * @example
 * validateRecord({ key: 'user:1', value: '{}' }, { file: 'seeds/kv.json', index: 0 })
 */
export function validateRecord(
  record: unknown,
  where: RecordLocation = {},
  now = nowSeconds(),
): KvRecord {
  if (!isPlainObject(record)) {
    throw seedError(
      where,
      `Invalid record: ${formatValue(record)}. Each record must be an object with a string "key" and "value".`,
    )
  }
  const own = (field: string) => (Object.hasOwn(record, field) ? record[field] : undefined)
  const key = own('key')
  if (key === undefined)
    throw seedError(where, 'Record has no "key". Each record needs a string "key".')
  checkKey(key, where)
  const at = { ...where, key }
  const unknown = Object.keys(record).filter((field) => !KNOWN_FIELDS.has(field))
  if (unknown.length > 0) {
    const names = unknown.map((field) => JSON.stringify(field)).join(', ')
    throw seedError(
      at,
      `Unknown field${unknown.length > 1 ? 's' : ''} ${names}. Record fields are ${FIELD_LIST}.`,
    )
  }
  const base64 = own('base64')
  if (base64 !== undefined && typeof base64 !== 'boolean') {
    throw seedError(at, `Invalid base64: ${formatValue(base64)}. "base64" must be true or false.`)
  }
  const value = own('value')
  if (value === undefined)
    throw seedError(at, 'Record has no "value". Each record needs a string "value".')
  checkValue(value, base64 === true, at)
  const out: KvRecord = { key, value }
  if (base64 === true) out.base64 = true
  const expiration = own('expiration')
  if (expiration !== undefined) {
    checkExpiration(expiration, now, at)
    out.expiration = expiration
  }
  const ttl = own('expiration_ttl')
  if (ttl !== undefined) {
    checkExpirationTtl(ttl, at)
    out.expiration_ttl = ttl
  }
  const metadata = own('metadata')
  if (metadata !== undefined) {
    checkMetadata(metadata, at)
    out.metadata = metadata
  }
  return out
}
