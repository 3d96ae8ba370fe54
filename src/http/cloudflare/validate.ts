import {
  CF_MESSAGES,
  checkExpiration,
  checkExpirationTtl,
  checkKey as checkKeyRule,
  checkMetadata as checkMetadataRule,
  checkPrefix,
  checkValueSize,
  type KvRuleViolation,
} from '../../rules'
import { CF_ERROR, cloudflareError } from './envelope'

/**
 * The rules of src/rules, worded as Cloudflare (and Miniflare, which mirrors it) answer,
 * word for word. Run before a body is read or the store is touched.
 */

function keyTooLong(
  broken: Extract<KvRuleViolation, { rule: 'key-too-long' | 'prefix-too-long' }>,
) {
  return cloudflareError(
    414,
    CF_ERROR.KEY_TOO_LONG,
    CF_MESSAGES.keyTooLong(broken.bytes, broken.limit),
  )
}

export function checkKey(key: string): void {
  const broken = checkKeyRule(key)
  if (broken?.rule === 'key-empty') {
    throw cloudflareError(400, CF_ERROR.ILLEGAL_KEY_NAME, CF_MESSAGES.keyEmpty)
  }
  if (broken?.rule === 'key-reserved') {
    throw cloudflareError(400, CF_ERROR.ILLEGAL_KEY_NAME, CF_MESSAGES.keyReserved(key))
  }
  if (broken?.rule === 'key-too-long') throw keyTooLong(broken)
  // Cloudflare takes any other key as far as its length goes (a lone surrogate is judged later).
  checkKeyLength(key)
}

/** Keys and list prefixes share the key's byte cap (`KV_LIMITS.MAX_KEY_SIZE_BYTES`). */
export function checkKeyLength(key: string): void {
  const broken = checkPrefix(key)
  if (broken?.rule === 'prefix-too-long') throw keyTooLong(broken)
}

export function valueTooLarge(length: number, exact = true) {
  const broken = checkValueSize(length, exact)
  const limit = broken?.rule === 'value-too-large' ? broken.limit : length
  return cloudflareError(
    413,
    CF_ERROR.PAYLOAD_TOO_LARGE,
    CF_MESSAGES.valueTooLarge(length, limit, exact),
  )
}

export function checkValueLength(length: number): void {
  if (checkValueSize(length)) throw valueTooLarge(length)
}

/** Serialises metadata as the binding stores it and enforces the 1024-byte cap. */
export function checkMetadata(metadata: unknown): void {
  const broken = checkMetadataRule(metadata)
  if (broken?.rule === 'metadata-too-large') {
    throw cloudflareError(
      413,
      CF_ERROR.PAYLOAD_TOO_LARGE,
      CF_MESSAGES.metadataTooLarge(broken.bytes, broken.limit),
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
 * (seconds from now). As on Cloudflare, a TTL wins when both are given, and
 * numbers may come as query-string text.
 */
export function checkExpiry(
  rawExpiration: unknown,
  rawTtl: unknown,
  now = Math.floor(Date.now() / 1000),
): ExpiryOptions {
  if (rawTtl !== undefined && rawTtl !== null) {
    const ttl = toNumber(rawTtl)
    if (Number.isNaN(ttl) || ttl <= 0) {
      throw cloudflareError(
        400,
        CF_ERROR.INVALID_EXPIRATION_TTL,
        CF_MESSAGES.ttlNotPositive(rawTtl),
      )
    }
    const broken = checkExpirationTtl(Math.floor(ttl))
    if (broken?.rule === 'ttl-too-short') {
      throw cloudflareError(
        400,
        CF_ERROR.INVALID_EXPIRATION_TTL,
        CF_MESSAGES.ttlTooShort(rawTtl, broken.min),
      )
    }
    return { expirationTtl: ttl }
  }
  if (rawExpiration !== undefined && rawExpiration !== null) {
    const expiration = toNumber(rawExpiration)
    if (Number.isNaN(expiration) || expiration <= now) {
      throw cloudflareError(
        400,
        CF_ERROR.INVALID_EXPIRATION,
        CF_MESSAGES.expirationPast(rawExpiration),
      )
    }
    const broken = checkExpiration(Math.floor(expiration), now)
    if (broken?.rule === 'expiration-too-soon') {
      throw cloudflareError(
        400,
        CF_ERROR.INVALID_EXPIRATION,
        CF_MESSAGES.expirationTooSoon(rawExpiration, broken.min),
      )
    }
    return { expiration }
  }
  return {}
}
