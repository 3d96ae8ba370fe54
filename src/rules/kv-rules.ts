import { KV_LIMITS } from '../constants'

/**
 * Workers KV's rules as pure checks: each returns the rule a value breaks, with the
 * value and the limit, or undefined. Callers word the message in their own voice
 * (kvdev's `describeViolation`, Cloudflare's exact wording in the REST API, a CLI
 * usage error); the limits and the conditions live only here. No Node APIs: this
 * module runs in Node, in workerd and in the browser.
 */
export type KvRuleViolation =
  | { rule: 'key-type'; value: unknown }
  | { rule: 'key-empty' }
  | { rule: 'key-reserved'; key: string }
  | { rule: 'key-surrogate'; key: string; index: number }
  | { rule: 'key-too-long'; key: string; bytes: number; limit: number }
  | { rule: 'prefix-too-long'; prefix: string; bytes: number; limit: number }
  | { rule: 'value-too-large'; bytes: number; limit: number; exact: boolean }
  | { rule: 'value-surrogate'; index: number }
  | { rule: 'value-not-base64'; value: string }
  | { rule: 'metadata-not-json'; reason: string }
  | { rule: 'metadata-too-large'; bytes: number; limit: number }
  | { rule: 'ttl-not-integer'; value: unknown }
  | { rule: 'ttl-too-short'; value: number; min: number }
  | { rule: 'expiration-not-integer'; value: unknown }
  | { rule: 'expiration-too-soon'; value: number; earliest: number; min: number }
  | { rule: 'cache-ttl-too-short'; value: number; min: number }
  | { rule: 'list-limit'; value: unknown; min: number; max: number }
  | { rule: 'bulk-count'; count: number; min: number; max: number; operation: BulkOperation }

export type BulkOperation = 'get' | 'write' | 'delete'

/** The violations of the given rules. */
export type Violation<R extends KvRuleViolation['rule']> = Extract<KvRuleViolation, { rule: R }>

const encoder = new TextEncoder()
const LONE_SURROGATE = /\p{Surrogate}/u

/** UTF-8 length in bytes, as Cloudflare counts keys, values and metadata. */
export function utf8Length(text: string): number {
  // Fast path: ASCII-only strings are one byte a character.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).byteLength
}

const BASE64_CHAR = /^[A-Za-z0-9+/]*$/

/**
 * Byte length of the data that standard base64 `text` decodes to, or undefined when `text` is
 * not base64. Padding is optional (as `atob` and Cloudflare's bulk API accept); whitespace and
 * URL-safe characters are not, so a value means one thing only.
 */
export function base64ByteLength(text: string): number | undefined {
  const body = text.endsWith('==')
    ? text.slice(0, -2)
    : text.endsWith('=')
      ? text.slice(0, -1)
      : text
  if (body.length !== text.length && text.length % 4 !== 0) return undefined
  if (body.length % 4 === 1 || !BASE64_CHAR.test(body)) return undefined
  return Math.floor((body.length * 3) / 4)
}

/** A base64 value: standard base64 (padding optional) whose decoded bytes are within the size cap. */
export function checkBase64Value(text: string): KvRuleViolation | undefined {
  const bytes = base64ByteLength(text)
  if (bytes === undefined) return { rule: 'value-not-base64', value: text }
  return checkValueSize(bytes)
}

/** Index of the first unpaired UTF-16 surrogate, or -1: such text changes when encoded as UTF-8. */
export function findLoneSurrogate(text: string): number {
  return text.search(LONE_SURROGATE)
}

/** A key Workers KV accepts: a non-empty string, not "." or "..", valid Unicode, at most 512 bytes. */
export function checkKey(key: unknown): KvRuleViolation | undefined {
  if (typeof key !== 'string') return { rule: 'key-type', value: key }
  if (key === '') return { rule: 'key-empty' }
  if (key === '.' || key === '..') return { rule: 'key-reserved', key }
  const index = findLoneSurrogate(key)
  if (index !== -1) return { rule: 'key-surrogate', key, index }
  const bytes = utf8Length(key)
  const limit = KV_LIMITS.MAX_KEY_SIZE_BYTES
  if (bytes > limit) return { rule: 'key-too-long', key, bytes, limit }
  return undefined
}

/** A list prefix shares the key's 512-byte cap. */
export function checkPrefix(prefix: string): Violation<'prefix-too-long'> | undefined {
  const bytes = utf8Length(prefix)
  const limit = KV_LIMITS.MAX_KEY_SIZE_BYTES
  return bytes > limit ? { rule: 'prefix-too-long', prefix, bytes, limit } : undefined
}

/**
 * A search of key names (a substring, `kvdev list --search`, the inspector): a key holds at most
 * 512 bytes, so a longer search could match nothing. The message, or undefined when it is fine.
 */
export function checkSearch(search: string): string | undefined {
  const long = checkPrefix(search)
  if (!long) return undefined
  return `Search too long: ${long.bytes} bytes (UTF-8). A search is at most ${long.limit} bytes, as a key is.`
}

/** `exact: false` when the size is a lower bound (a body still streaming). */
export function checkValueSize(
  bytes: number,
  exact = true,
): Violation<'value-too-large'> | undefined {
  const limit = KV_LIMITS.MAX_VALUE_SIZE_BYTES
  return bytes > limit ? { rule: 'value-too-large', bytes, limit, exact } : undefined
}

/** Text values must be valid Unicode (binary data goes as bytes or base64) and within the size cap. */
export function checkTextValue(
  text: string,
): Violation<'value-surrogate' | 'value-too-large'> | undefined {
  const index = findLoneSurrogate(text)
  if (index !== -1) return { rule: 'value-surrogate', index }
  return checkValueSize(utf8Length(text))
}

/** Metadata as the binding stores it: JSON-serialisable, at most 1024 bytes of JSON. */
export function checkMetadata(
  metadata: unknown,
): Violation<'metadata-not-json' | 'metadata-too-large'> | undefined {
  if (metadata === undefined) return undefined
  let json: string | undefined
  try {
    json = JSON.stringify(metadata)
  } catch (error) {
    return { rule: 'metadata-not-json', reason: (error as Error).message }
  }
  if (json === undefined) return { rule: 'metadata-not-json', reason: String(metadata) }
  const bytes = utf8Length(json)
  const limit = KV_LIMITS.MAX_METADATA_SIZE_BYTES
  return bytes > limit ? { rule: 'metadata-too-large', bytes, limit } : undefined
}

/** `expirationTtl`: an integer number of seconds, at least 60. */
export function checkExpirationTtl(
  ttl: unknown,
): Violation<'ttl-not-integer' | 'ttl-too-short'> | undefined {
  if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl))
    return { rule: 'ttl-not-integer', value: ttl }
  const min = KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS
  return ttl < min ? { rule: 'ttl-too-short', value: ttl, min } : undefined
}

/** `expiration`: seconds since the epoch, at least 60 s after `nowSeconds`. */
export function checkExpiration(
  expiration: unknown,
  nowSeconds = Date.now() / 1000,
): Violation<'expiration-not-integer' | 'expiration-too-soon'> | undefined {
  if (typeof expiration !== 'number' || !Number.isSafeInteger(expiration)) {
    return { rule: 'expiration-not-integer', value: expiration }
  }
  const min = KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS
  const earliest = Math.floor(nowSeconds) + min
  return expiration < earliest
    ? { rule: 'expiration-too-soon', value: expiration, earliest, min }
    : undefined
}

/** `cacheTtl` on get: at least 30 s. */
export function checkCacheTtl(cacheTtl: number): Violation<'cache-ttl-too-short'> | undefined {
  const min = KV_LIMITS.MIN_CACHE_TTL_SECONDS
  return cacheTtl < min ? { rule: 'cache-ttl-too-short', value: cacheTtl, min } : undefined
}

/** A list `limit`: an integer in `[min, 1000]` (the binding takes 1, the REST API 10). */
export function checkListLimit(
  limit: unknown,
  min: number = 1,
): Violation<'list-limit'> | undefined {
  const max = KV_LIMITS.MAX_LIST_LIMIT
  const ok =
    typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= min && limit <= max
  return ok ? undefined : { rule: 'list-limit', value: limit, min, max }
}

const BULK_MAX: Record<BulkOperation, number> = {
  get: KV_LIMITS.MAX_BULK_GET_KEYS,
  write: KV_LIMITS.MAX_BULK_WRITE_ITEMS,
  delete: KV_LIMITS.MAX_BULK_WRITE_ITEMS,
}

/** Bulk get takes 1 to 100 keys; bulk write and delete 1 to 10,000 items. */
export function checkBulkCount(
  count: number,
  operation: BulkOperation,
): Violation<'bulk-count'> | undefined {
  const max = BULK_MAX[operation]
  return count < 1 || count > max
    ? { rule: 'bulk-count', count, min: 1, max, operation }
    : undefined
}
