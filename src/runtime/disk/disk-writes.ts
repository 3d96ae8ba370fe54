import { KV_LIMITS } from '../../constants'
import { KvdevError } from '../../errors'
import {
  checkExpiration,
  checkExpirationTtl,
  checkKey,
  checkMetadata,
  checkValueSize,
} from '../../rules'
import type { KvRecord } from '../../types/records'
import type { DiskWrite } from './disk-store'

/** A broken rule, worded as the binding words it (`KV PUT failed: 413 …`), so every path says the same. */
function putFailed(status: number, message: string): KvdevError {
  return new KvdevError('ERR_LIMIT', `KV PUT failed: ${status} ${message}`)
}

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
  if (key?.rule === 'key-empty') throw putFailed(400, 'Key names must not be empty')
  if (key?.rule === 'key-reserved') {
    throw putFailed(400, `Illegal key name "${key.key}". Please use a different name.`)
  }
  if (key?.rule === 'key-too-long') {
    throw putFailed(
      414,
      `UTF-8 encoded length of ${key.bytes} exceeds key length limit of ${key.limit}.`,
    )
  }
  const size = checkValueSize(input.value.byteLength)
  if (size) throw putFailed(413, `Value length of ${size.bytes} exceeds limit of ${size.limit}.`)
  const metadata = checkMetadata(input.metadata)
  if (metadata?.rule === 'metadata-too-large') {
    throw putFailed(413, `Metadata length of ${metadata.bytes} exceeds limit of ${metadata.limit}.`)
  }
  if (metadata) throw putFailed(400, `Metadata is not JSON: ${metadata.reason}.`)
  let expiration: number | undefined
  if (input.expirationTtl !== undefined) {
    if (checkExpirationTtl(input.expirationTtl)) {
      throw putFailed(
        400,
        `Invalid expiration_ttl of ${input.expirationTtl}. Expiration TTL must be at least ${KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS}.`,
      )
    }
    expiration = Math.floor(nowSeconds) + input.expirationTtl
  } else if (input.expiration !== undefined) {
    if (checkExpiration(input.expiration, nowSeconds)) {
      throw putFailed(
        400,
        `Invalid expiration of ${input.expiration}. Expiration times must be at least ${KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS} seconds in the future.`,
      )
    }
    expiration = input.expiration
  }
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
