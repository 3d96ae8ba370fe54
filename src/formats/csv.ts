import type { KvRecord } from '../types/records'
import { isPlainObject } from './plain-object'
import { getValueInfo } from './value-info'

export const CSV_COLUMNS = [
  'key',
  'size',
  'type',
  'expiration',
  'metadata',
  'sub',
  'email',
  'name',
  'base64',
  'value',
] as const

// Spreadsheets run cells starting with these as formulas (CSV injection, CONTRIBUTING.md#security),
// also after leading whitespace, which they trim first.
const FORMULA_START = /^\s*[=+\-@\t\r]/u
const NEEDS_QUOTES = /[",\r\n]/

/**
 * One CSV cell: neutralised with a leading `'` when a spreadsheet would read it as a formula,
 * then quoted per RFC 4180 when it holds a comma, a quote or a line break.
 */
export function csvCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** RFC 4180 rows end with CRLF. */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

function isoTime(seconds: number | undefined): string {
  if (seconds === undefined) return ''
  const date = new Date(seconds * 1000)
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString()
}

function stringField(metadata: unknown, field: string): string {
  if (!isPlainObject(metadata) || !Object.hasOwn(metadata, field)) return ''
  const value = metadata[field]
  return typeof value === 'string' ? value : ''
}

/** `<sub>` of a user-scoped key, `user:<sub>:…`, as Playcademy keys a player's data. */
function getKeySub(key: string): string {
  const end = key.indexOf(':', 5)
  return key.startsWith('user:') && end > 5 ? key.slice(5, end) : ''
}

/**
 * The CSV row of one record, in CSV_COLUMNS order. `value` is the text as stored, or base64 of
 * the bytes when `base64` is `true`. `expiration` is absolute only: a record with just
 * `expiration_ttl` has not been written yet, so it has no expiry time to show.
 */
export function csvRecordRow(record: KvRecord): string {
  const { size, type } = getValueInfo(record)
  const metadata = record.metadata === undefined ? '' : JSON.stringify(record.metadata)
  return csvRow([
    record.key,
    String(size),
    type,
    isoTime(record.expiration),
    metadata,
    // Playcademy's identity listing names the player of a `user:<sub>:` key even when its
    // metadata holds only name and email.
    stringField(record.metadata, 'sub') || getKeySub(record.key),
    stringField(record.metadata, 'email'),
    stringField(record.metadata, 'name'),
    record.base64 === true ? 'true' : 'false',
    record.value,
  ])
}
