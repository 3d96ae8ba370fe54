import { KV_LIMITS } from '../../constants'
import {
  bindingFailed,
  CF_MESSAGES,
  checkExpiration,
  checkExpirationTtl,
  checkKey,
  checkMetadata,
  checkValueSize,
} from '../../rules'
import type { KvRecord } from '../../types/records'
import type { DiskWrite } from './disk-store'

/** A broken rule, thrown as the binding throws it (`KV PUT failed: 413 …`), so every path says the same. */
const putFailed = (status: number, message: string) => bindingFailed('PUT', status, message)

export interface PutInput {
  key: string
  value: Uint8Array
  metadata?: unknown
  expiration?: number
  expirationTtl?: number
}

/** A put checked against Workers KV's limits, as Miniflare's binding checks it, before anything is written. */
export function toDiskWrite(input: PutInput, nowSeconds = Date.now() / 1000): DiskWrite {
  const key = checkKey(input.key)
  if (key?.rule === 'key-empty') throw putFailed(400, CF_MESSAGES.keyEmpty)
  if (key?.rule === 'key-reserved') {
    throw putFailed(400, CF_MESSAGES.keyReserved(key.key))
  }
  if (key?.rule === 'key-too-long') {
    throw putFailed(414, CF_MESSAGES.keyTooLong(key.bytes, key.limit))
  }
  // Miniflare's order: the key, the expiry, the metadata, then the value's size.
  const now = Math.floor(nowSeconds)
  const min = KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS
  let expiration: number | undefined
  if (input.expirationTtl !== undefined) {
    const ttl = input.expirationTtl
    if (!(ttl > 0)) {
      throw putFailed(400, CF_MESSAGES.ttlNotPositive(ttl))
    }
    if (checkExpirationTtl(ttl)) {
      throw putFailed(400, CF_MESSAGES.ttlTooShort(ttl, min))
    }
    expiration = now + ttl
  } else if (input.expiration !== undefined) {
    const at = input.expiration
    if (!(at > now)) {
      throw putFailed(400, CF_MESSAGES.expirationPast(at))
    }
    if (checkExpiration(at, now)) {
      throw putFailed(400, CF_MESSAGES.expirationTooSoon(at, min))
    }
    expiration = at
  }
  const metadata = checkMetadata(input.metadata)
  if (metadata?.rule === 'metadata-too-large') {
    throw putFailed(413, CF_MESSAGES.metadataTooLarge(metadata.bytes, metadata.limit))
  }
  if (metadata) throw putFailed(400, `Metadata is not JSON: ${metadata.reason}.`)
  const size = checkValueSize(input.value.byteLength)
  if (size) throw putFailed(413, CF_MESSAGES.valueTooLarge(size.bytes, size.limit))
  return {
    key: input.key,
    value: input.value,
    ...(expiration === undefined ? {} : { expiration }),
    ...(input.metadata === undefined ? {} : { metadata: JSON.stringify(input.metadata) }),
  }
}

/** Wrangler's bulk record as a checked write (records are validated whole before a seed writes). */
export function recordToDiskWrite(record: KvRecord, nowSeconds?: number): DiskWrite {
  return toDiskWrite(
    {
      key: record.key,
      value: record.base64
        ? new Uint8Array(Buffer.from(record.value, 'base64'))
        : new TextEncoder().encode(record.value),
      metadata: record.metadata,
      expiration: record.expiration,
      expirationTtl: record.expiration_ttl,
    },
    nowSeconds,
  )
}
