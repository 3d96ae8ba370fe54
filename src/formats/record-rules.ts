import {
  checkBase64Value,
  checkExpiration as checkExpirationRule,
  checkKey as checkKeyRule,
  checkMetadata as checkMetadataRule,
  checkTextValue,
  checkExpirationTtl as checkTtlRule,
  describeViolation,
  type KvRuleViolation,
} from '../rules'
import { formatValue, type RecordLocation, seedError } from './location'

// One check per field of a record: the rules are src/rules', the words describeViolation's,
// each thrown as a seed error that names where the record is.

function fail(broken: KvRuleViolation | undefined, at: RecordLocation): void {
  if (broken) throw seedError(at, describeViolation(broken))
}

export function checkKey(key: unknown, where: RecordLocation): asserts key is string {
  fail(checkKeyRule(key), typeof key === 'string' ? { ...where, key } : where)
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
  fail(base64 ? checkBase64Value(value) : checkTextValue(value), at)
}

export function checkMetadata(metadata: unknown, at: RecordLocation): void {
  fail(checkMetadataRule(metadata), at)
}

export function checkExpiration(
  expiration: unknown,
  now: number,
  at: RecordLocation,
): asserts expiration is number {
  // Cloudflare and Miniflare refuse expirations under 60 s ahead; refusing them here keeps a seed all-or-nothing.
  fail(checkExpirationRule(expiration, now), at)
}

export function checkExpirationTtl(ttl: unknown, at: RecordLocation): asserts ttl is number {
  fail(checkTtlRule(ttl), at)
}
