import type { KvRecord } from '../types/records'
import { findJsonSyntaxError, lineAndColumn } from './json-syntax'
import { type RecordLocation, seedError } from './location'
import { isPlainObject } from './plain-object'
import { nowSeconds, validateRecord } from './validate-record'

/** `object`: `{ "key": value }` (Playcademy); `bulk`: wrangler's JSON array; `ndjson`: one record a line. */
export type SeedFormat = 'object' | 'bulk' | 'ndjson'

export interface ParseSeedOptions {
  /** The file the text came from: named in errors; `.ndjson` / `.jsonl` select NDJSON. */
  file?: string
  /** Current time in seconds since the UNIX epoch, for expiration checks. @default Date.now() / 1000 */
  now?: number
  /** Skip detection. @default detected from `file`'s extension, then from the text */
  format?: SeedFormat
}

export const NDJSON_EXTENSION = /\.(?:ndjson|jsonl)$/i
export const EXPECTED =
  'A seed is a JSON object of keys to values, a JSON array of records (wrangler kv bulk format), or one JSON record per line (NDJSON).'

/** `where.line`, when given, is the line `text` starts on. */
export function syntaxError(text: string, where: RecordLocation, cause: unknown) {
  const found = findJsonSyntaxError(text)
  if (!found)
    return seedError(where, `Invalid JSON: ${(cause as Error).message}. ${EXPECTED}`, cause)
  const { line, column } = lineAndColumn(text, found.offset)
  const at = { ...where, line: line + (where.line ?? 1) - 1, column }
  return seedError(
    at,
    `Invalid JSON: ${found.reason}. JSON allows no comments, trailing commas or single quotes.`,
    cause,
  )
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/** Several records for one key: the last one wins, at the first one's position (as JSON.parse does for objects). */
export function lastWins(records: Iterable<KvRecord>): KvRecord[] {
  const byKey = new Map<string, KvRecord>()
  for (const record of records) byKey.set(record.key, record)
  return [...byKey.values()]
}

function* fromObjectMap(data: Record<string, unknown>, file: string | undefined, now: number) {
  // Object.entries reads own properties only: "__proto__" or "constructor" are ordinary keys.
  for (const [key, value] of Object.entries(data)) {
    let text: string
    try {
      text = typeof value === 'string' ? value : JSON.stringify(value)
    } catch (error) {
      throw seedError(
        { file, key },
        `Value could not be JSON-encoded: ${(error as Error).message}. Simplify the value.`,
        error,
      )
    }
    yield validateRecord({ key, value: text }, { file }, now)
  }
}

/** One NDJSON line (1-based `number`) as a record; undefined for a blank line. */
export function parseNdjsonLine(
  raw: string,
  number: number,
  file: string | undefined,
  now: number,
): KvRecord | undefined {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
  if (line.trim() === '') return undefined
  let data: unknown
  try {
    data = JSON.parse(line)
  } catch (error) {
    throw syntaxError(line, { file, line: number }, error)
  }
  return validateRecord(data, { file, line: number }, now)
}

function* fromNdjson(text: string, file: string | undefined, now: number) {
  for (const [at, raw] of text.split('\n').entries()) {
    const record = parseNdjsonLine(raw, at + 1, file, now)
    if (record) yield record
  }
}

/** NDJSON when the whole text is not one JSON value but its first line is a JSON object. */
export function looksLikeNdjson(text: string): boolean {
  const first = text.split('\n', 64).find((line) => line.trim() !== '')
  try {
    return first !== undefined && isPlainObject(JSON.parse(first))
  } catch {
    return false
  }
}

export function detect(options: ParseSeedOptions): SeedFormat | undefined {
  if (options.format) return options.format
  if (options.file && NDJSON_EXTENSION.test(options.file)) return 'ndjson'
  return undefined
}

/**
 * Reads a seed file into records, validating all of it before returning anything: one bad
 * record and nothing is returned. Errors are KvdevErrors with code ERR_SEED that name the
 * file, the line or index, the key and the rule. When a key appears twice, the last record
 * wins. Text with only whitespace is an empty seed.
 *
 * Detection: `format`, else a `.ndjson`/`.jsonl` file name, else the text: a JSON array is
 * wrangler's bulk format, a JSON object a key → value map (so a one-line NDJSON file needs
 * the extension or `format`), and several lines of JSON objects are NDJSON.
 *
 * @example
 * parseSeed('{"user:1": {"name": "Ada"}}', { file: 'seeds/kv.json' })
 * // [{ key: 'user:1', value: '{"name":"Ada"}' }]
 */
export function parseSeed(text: string, options: ParseSeedOptions = {}): KvRecord[] {
  const { file } = options
  const now = options.now ?? nowSeconds()
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  let format = detect(options)
  if (format === 'ndjson') return lastWins(fromNdjson(source, file, now))
  if (format === undefined && source.trim() === '') return []
  let data: unknown
  try {
    data = JSON.parse(source)
  } catch (error) {
    if (format === undefined && looksLikeNdjson(source))
      return lastWins(fromNdjson(source, file, now))
    throw syntaxError(source, { file }, error)
  }
  format ??= Array.isArray(data) ? 'bulk' : 'object'
  if (format === 'bulk' && Array.isArray(data)) {
    return lastWins(data.map((record, index) => validateRecord(record, { file, index }, now)))
  }
  if (format === 'object' && isPlainObject(data)) return lastWins(fromObjectMap(data, file, now))
  const wanted = !options.format
    ? 'a JSON object or array'
    : format === 'bulk'
      ? 'a JSON array of records'
      : 'a JSON object of keys to values'
  throw seedError({ file }, `Seed is ${describeType(data)}, expected ${wanted}. ${EXPECTED}`)
}
