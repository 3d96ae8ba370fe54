import { Buffer } from 'node:buffer'
import { KV_LIMITS } from '../../constants'
import { CF_ERROR, CloudflareApiError } from './envelope'

/**
 * Checks run before a body is read or the store is touched. Messages are the
 * ones Cloudflare (and Miniflare, which mirrors it) answer with, word for word.
 */

export function checkKey(key: string): void {
  if (key === '') {
    throw new CloudflareApiError(400, CF_ERROR.ILLEGAL_KEY_NAME, 'Key names must not be empty')
  }
  if (key === '.' || key === '..') {
    throw new CloudflareApiError(
      400,
      CF_ERROR.ILLEGAL_KEY_NAME,
      `Illegal key name "${key}". Please use a different name.`,
    )
  }
  checkKeyLength(key)
}

/** Keys and list prefixes share the 512-byte cap. */
export function checkKeyLength(key: string): void {
  const length = Buffer.byteLength(key)
  if (length > KV_LIMITS.MAX_KEY_SIZE_BYTES) {
    throw new CloudflareApiError(
      414,
      CF_ERROR.KEY_TOO_LONG,
      `UTF-8 encoded length of ${length} exceeds key length limit of ${KV_LIMITS.MAX_KEY_SIZE_BYTES}.`,
    )
  }
}

export function valueTooLarge(length: number, exact = true): CloudflareApiError {
  return new CloudflareApiError(
    413,
    CF_ERROR.PAYLOAD_TOO_LARGE,
    `Value length of ${exact ? '' : 'at least '}${length} exceeds limit of ${KV_LIMITS.MAX_VALUE_SIZE_BYTES}.`,
  )
}

export function checkValueLength(length: number): void {
  if (length > KV_LIMITS.MAX_VALUE_SIZE_BYTES) throw valueTooLarge(length)
}

/** Serialises metadata as the binding stores it and enforces the 1024-byte cap. */
export function checkMetadata(metadata: unknown): void {
  if (metadata === undefined) return
  const length = Buffer.byteLength(JSON.stringify(metadata) ?? '')
  if (length > KV_LIMITS.MAX_METADATA_SIZE_BYTES) {
    throw new CloudflareApiError(
      413,
      CF_ERROR.PAYLOAD_TOO_LARGE,
      `Metadata length of ${length} exceeds limit of ${KV_LIMITS.MAX_METADATA_SIZE_BYTES}.`,
    )
  }
}

export interface ExpiryOptions {
  expiration?: number
  expirationTtl?: number
}

function toNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw
  if (typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) return Number(raw)
  return Number.NaN
}

/**
 * Validates `expiration` (seconds since the epoch) and `expiration_ttl`
 * (seconds from now). As on Cloudflare, a TTL wins when both are given.
 */
export function checkExpiry(
  rawExpiration: unknown,
  rawTtl: unknown,
  now = Math.floor(Date.now() / 1000),
): ExpiryOptions {
  const min = KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS
  if (rawTtl !== undefined && rawTtl !== null) {
    const ttl = toNumber(rawTtl)
    if (Number.isNaN(ttl) || ttl <= 0) {
      throw new CloudflareApiError(
        400,
        CF_ERROR.INVALID_EXPIRATION_TTL,
        `Invalid expiration_ttl of ${rawTtl}. Please specify integer greater than 0.`,
      )
    }
    if (ttl < min) {
      throw new CloudflareApiError(
        400,
        CF_ERROR.INVALID_EXPIRATION_TTL,
        `Invalid expiration_ttl of ${rawTtl}. Expiration TTL must be at least ${min}.`,
      )
    }
    return { expirationTtl: ttl }
  }
  if (rawExpiration !== undefined && rawExpiration !== null) {
    const expiration = toNumber(rawExpiration)
    if (Number.isNaN(expiration) || expiration <= now) {
      throw new CloudflareApiError(
        400,
        CF_ERROR.INVALID_EXPIRATION,
        `Invalid expiration of ${rawExpiration}. Please specify integer greater than the current number of seconds since the UNIX epoch.`,
      )
    }
    if (expiration < now + min) {
      throw new CloudflareApiError(
        400,
        CF_ERROR.INVALID_EXPIRATION,
        `Invalid expiration of ${rawExpiration}. Expiration times must be at least ${min} seconds in the future.`,
      )
    }
    return { expiration }
  }
  return {}
}
