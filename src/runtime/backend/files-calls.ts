import { KV_LIMITS } from '../../constants'
import {
  checkKey,
  checkListLimit,
  checkMetadata,
  checkPrefix,
  findLoneSurrogate,
} from '../../rules'
import type { DiskEntry, DiskStore, DiskWrite } from '../disk/disk-store'
import { toDiskWrite } from '../disk/disk-writes'

/**
 * The binding calls a namespace's files can answer exactly as Miniflare's binding does:
 * well-formed calls only. Anything else (a bad key, an option of the wrong type, a
 * primitive value the binding coerces) returns undefined and goes to the real binding
 * inside workerd, which gives its own answer and its own error. The binding contract
 * test runs against both paths.
 */
const isWellFormedKey = (key: string) => checkKey(key) === undefined
/**
 * The binding takes `expiration` and `expirationTtl` as 32-bit integers (`Value out of range`
 * past them) and turns null, NaN or a string into a number itself: only integers in range are
 * this path's.
 */
const isInt32 = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && (value | 0) === value
const isOptionalString = (value: unknown) =>
  value === undefined || value === null || typeof value === 'string'
/**
 * A prefix the files list exactly as Miniflare does. Miniflare refuses one over 512 bytes (414),
 * matches nothing for one holding NUL (SQLite's `length()` stops there) and sees a lone
 * surrogate as U+FFFD: those go to workerd.
 */
const isPlainPrefix = (prefix: string) =>
  !prefix.includes('\0') && findLoneSurrogate(prefix) === -1 && checkPrefix(prefix) === undefined

const PUT_OPTIONS = new Set(['expiration', 'expirationTtl', 'metadata'])
const LIST_OPTIONS = new Set(['prefix', 'limit', 'cursor'])

function onlyKnown(options: object, known: Set<string>): boolean {
  return Object.keys(options).every((name) => known.has(name))
}

/** A put this path can make, checked with Miniflare's messages, or undefined. */
export function getDiskPut(key: string, body: Uint8Array, options: unknown): DiskWrite | undefined {
  if (!isWellFormedKey(key)) return undefined
  if (options === undefined || options === null) return toDiskWrite({ key, value: body })
  if (typeof options !== 'object' || !onlyKnown(options, PUT_OPTIONS)) return undefined
  const { expiration, expirationTtl, metadata } = options as Record<string, unknown>
  // Metadata JSON can't carry: the binding's own serialisation error, from workerd.
  if (checkMetadata(metadata ?? undefined)?.rule === 'metadata-not-json') return undefined
  if (expiration !== undefined && !isInt32(expiration)) return undefined
  if (expirationTtl !== undefined && !isInt32(expirationTtl)) return undefined
  return toDiskWrite({
    key,
    value: body,
    metadata: metadata ?? undefined,
    expiration: expiration as number | undefined,
    expirationTtl: expirationTtl as number | undefined,
  })
}

export interface ListResult {
  keys: DiskEntry[]
  list_complete: boolean
  cursor?: string
  cacheStatus: null
}

/** A list this path can answer, or undefined. */
export function diskList(disk: DiskStore, options: unknown): ListResult | undefined {
  let prefix: string | undefined
  let limit: number = KV_LIMITS.MAX_LIST_LIMIT
  let cursor: string | undefined
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' || !onlyKnown(options, LIST_OPTIONS)) return undefined
    const given = options as Record<string, unknown>
    if (!isOptionalString(given.prefix) || !isOptionalString(given.cursor)) return undefined
    if (given.limit !== undefined && checkListLimit(given.limit)) return undefined
    prefix = (given.prefix ?? undefined) as string | undefined
    if (prefix !== undefined && !isPlainPrefix(prefix)) return undefined
    cursor = (given.cursor ?? undefined) as string | undefined
    limit = (given.limit as number | undefined) ?? limit
  }
  if (cursor !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(cursor)) return undefined
  return { ...disk.list({ prefix, limit, cursor }), cacheStatus: null }
}

export { isWellFormedKey }
