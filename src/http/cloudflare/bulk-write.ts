import { Buffer } from 'node:buffer'
import type { Context } from 'hono'
import { isKvdevError, type KvdevError } from '../../errors'
import { validateRecord } from '../../formats'
import { checkBulkCount } from '../../rules'
import type { KvStore } from '../../runtime/store'
import type { KvRecord } from '../../types/records'
import { CF_ERROR, cloudflareError, ok } from './envelope'
import { readJson } from './read-json'
import {
  checkExpiry,
  checkKey,
  checkMetadata,
  checkValueLength,
  type ExpiryOptions,
} from './validate'

/** How many item errors one answer lists. */
const MAX_REPORTED_ERRORS = 10

function invalid(message: string) {
  return cloudflareError(400, CF_ERROR.INVALID_REQUEST, message)
}

function checkBatch(body: unknown, noun: 'write' | 'delete'): unknown[] {
  if (!Array.isArray(body)) throw invalid(`Bulk ${noun} expects a JSON array, got ${typeof body}.`)
  const broken = checkBulkCount(body.length, noun)
  // An empty batch is a no-op on Cloudflare; only the upper bound is refused.
  if (broken?.rule === 'bulk-count' && body.length > broken.max) {
    throw cloudflareError(
      413,
      CF_ERROR.PAYLOAD_TOO_LARGE,
      `Bulk ${noun} of ${body.length} items exceeds limit of ${broken.max}.`,
    )
  }
  return body
}

function checkRecord(item: unknown, index: number, now: number): KvRecord {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw invalid(
      `Invalid record of ${JSON.stringify(item)?.slice(0, 80)} (item ${index}). Each item is an object { key, value }.`,
    )
  }
  // Only the fields Cloudflare reads: extra fields are ignored there, so here too.
  const { key, value, base64, expiration, expiration_ttl, metadata } = item as Record<
    string,
    unknown
  >
  let expiry: ExpiryOptions
  try {
    // Cloudflare's limits first, with its statuses (414, 413, 400) and words.
    if (typeof key === 'string') checkKey(key)
    if (typeof value === 'string') {
      checkValueLength(
        base64 === true ? Buffer.byteLength(value, 'base64') : Buffer.byteLength(value),
      )
    }
    expiry = checkExpiry(expiration, expiration_ttl, now)
    checkMetadata(metadata)
  } catch (error) {
    if (!isKvdevError(error) || error.apiCode === undefined) throw error
    const where = typeof key === 'string' ? `, key ${JSON.stringify(key.slice(0, 80))}` : ''
    throw cloudflareError(error.status!, error.apiCode, `${error.message} (item ${index}${where})`)
  }
  const fields = {
    key,
    value,
    base64,
    metadata,
    ...(expiry.expirationTtl === undefined ? { expiration } : { expiration_ttl }),
  }
  try {
    // Then the rules every kvdev import shares: types, base64, valid Unicode.
    return validateRecord(fields, { index }, now)
  } catch (error) {
    if (isKvdevError(error)) throw invalid(error.message)
    throw error
  }
}

/**
 * `PUT …/:ns/bulk`: validates every item before writing any, so a bad batch
 * changes nothing. Each error names its item.
 */
export async function bulkWrite(c: Context, store: KvStore) {
  const items = checkBatch(await readJson(c), 'write')
  const now = Math.floor(Date.now() / 1000)
  const records: KvRecord[] = []
  const errors: KvdevError[] = []
  items.forEach((item, index) => {
    if (errors.length >= MAX_REPORTED_ERRORS) return
    try {
      records.push(checkRecord(item, index, now))
    } catch (error) {
      if (!isKvdevError(error) || error.apiCode === undefined) throw error
      errors.push(error)
    }
  })
  const [first, ...more] = errors
  if (first) throw cloudflareError(first.status!, first.apiCode!, first.message, { more })
  const written = records.length > 0 ? await store.write(records) : 0
  return ok(c, { successful_key_count: written, unsuccessful_keys: [] as string[] })
}

/** `POST …/:ns/bulk/delete` and the legacy `DELETE …/:ns/bulk` that wrangler sends. */
export async function bulkDelete(c: Context, store: KvStore) {
  const keys = checkBatch(await readJson(c), 'delete')
  keys.forEach((key, index) => {
    if (typeof key !== 'string')
      throw invalid(
        `Invalid key of ${JSON.stringify(key)} (item ${index}). Send an array of key names.`,
      )
    checkKey(key)
  })
  const deleted = keys.length > 0 ? await store.delete(keys as string[]) : 0
  return ok(c, { successful_key_count: deleted, unsuccessful_keys: [] as string[] })
}
