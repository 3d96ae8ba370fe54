import { KV_LIMITS } from '../constants'
import { base64ByteLength, findLoneSurrogate, utf8ByteLength } from './encoding'
import { formatValue, type RecordLocation, seedError } from './location'

// One check per field of a record, each throwing a KvdevError that names the rule broken.

export function checkKey(key: unknown, where: RecordLocation): asserts key is string {
  if (typeof key !== 'string') {
    throw seedError(where, `Invalid key: ${formatValue(key)}. KV keys must be strings.`)
  }
  const at = { ...where, key }
  if (key === '') throw seedError(at, 'Key is empty. KV keys must be non-empty strings.')
  if (key === '.' || key === '..') {
    throw seedError(at, `Illegal key name "${key}". KV keys must not be "." or "..".`)
  }
  const surrogate = findLoneSurrogate(key)
  if (surrogate !== -1) {
    throw seedError(
      at,
      `Key has an unpaired UTF-16 surrogate at index ${surrogate}. KV keys must be valid Unicode text.`,
    )
  }
  const bytes = utf8ByteLength(key)
  if (bytes > KV_LIMITS.MAX_KEY_SIZE_BYTES) {
    throw seedError(
      at,
      `Key is ${bytes} bytes; KV keys must be at most ${KV_LIMITS.MAX_KEY_SIZE_BYTES} bytes.`,
    )
  }
}

export function checkValue(
  value: unknown,
  base64: boolean,
  at: RecordLocation,
): asserts value is string {
  if (typeof value !== 'string') {
    throw seedError(
      at,
      `Invalid value: ${formatValue(value)}. Record values must be strings; write binary data as base64 with "base64": true.`,
    )
  }
  let bytes: number
  if (base64) {
    const decoded = base64ByteLength(value)
    if (decoded === undefined) {
      throw seedError(
        at,
        `Value is not valid base64: ${formatValue(value)}. With "base64": true the value must be standard base64 (A-Z, a-z, 0-9, +, / and = padding).`,
      )
    }
    bytes = decoded
  } else {
    const surrogate = findLoneSurrogate(value)
    if (surrogate !== -1) {
      throw seedError(
        at,
        `Value has an unpaired UTF-16 surrogate at index ${surrogate}. Text values must be valid Unicode; write binary data as base64 with "base64": true.`,
      )
    }
    bytes = utf8ByteLength(value)
  }
  if (bytes > KV_LIMITS.MAX_VALUE_SIZE_BYTES) {
    throw seedError(
      at,
      `Value is ${bytes} bytes; KV values must be at most ${KV_LIMITS.MAX_VALUE_SIZE_BYTES} bytes.`,
    )
  }
}

export function checkMetadata(metadata: unknown, at: RecordLocation): void {
  let json: string | undefined
  try {
    json = JSON.stringify(metadata)
  } catch (error) {
    throw seedError(
      at,
      `Metadata is not JSON-serialisable: ${(error as Error).message}. KV metadata must be a JSON value.`,
      error,
    )
  }
  if (json === undefined) {
    throw seedError(
      at,
      `Metadata is not JSON-serialisable: ${formatValue(metadata)}. KV metadata must be a JSON value.`,
    )
  }
  const bytes = utf8ByteLength(json)
  if (bytes > KV_LIMITS.MAX_METADATA_SIZE_BYTES) {
    throw seedError(
      at,
      `Metadata is ${bytes} bytes as JSON; KV metadata must be at most ${KV_LIMITS.MAX_METADATA_SIZE_BYTES} bytes.`,
    )
  }
}

export function checkExpiration(
  expiration: unknown,
  now: number,
  at: RecordLocation,
): asserts expiration is number {
  // Cloudflare and Miniflare refuse expirations under 60 s ahead; refusing them here keeps a seed all-or-nothing.
  const earliest = Math.floor(now) + KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS
  if (!Number.isSafeInteger(expiration)) {
    throw seedError(
      at,
      `Invalid expiration: ${formatValue(expiration)}. Expiration must be an integer number of seconds since the UNIX epoch.`,
    )
  }
  if ((expiration as number) < earliest) {
    throw seedError(
      at,
      `Invalid expiration: ${expiration}. Expiration must be at least ${KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS} seconds in the future (at or after ${earliest}); remove it or set a later time.`,
    )
  }
}

export function checkExpirationTtl(ttl: unknown, at: RecordLocation): asserts ttl is number {
  if (!Number.isSafeInteger(ttl) || (ttl as number) < KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS) {
    throw seedError(
      at,
      `Invalid expiration_ttl: ${formatValue(ttl)}. Expiration TTL must be an integer of at least ${KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS} seconds.`,
    )
  }
}
