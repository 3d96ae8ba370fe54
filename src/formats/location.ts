import { KvdevError } from '../errors'

/** Where a record sits in its source, for error messages. Every field is optional. */
export interface RecordLocation {
  /** The file being read, as the user named it. */
  file?: string
  /** 1-based line (NDJSON, or a JSON syntax error). */
  line?: number
  /** 1-based column of a JSON syntax error. */
  column?: number
  /** 0-based position in a bulk array. */
  index?: number
  key?: string
}

const KEY_PREVIEW_CHARS = 64
const VALUE_PREVIEW_CHARS = 40

function truncate(text: string, max: number): string {
  // Count code points, not UTF-16 units, so an emoji is never cut in half.
  const chars = Array.from(text)
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text
}

/** A key as messages show it: JSON-quoted (newlines and quotes visible), long keys shortened. */
export function formatKey(key: string): string {
  return JSON.stringify(truncate(key, KEY_PREVIEW_CHARS))
}

/** A value as messages show it: compact JSON, shortened. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined'
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch {
    text = undefined
  }
  return truncate(text ?? String(value), VALUE_PREVIEW_CHARS)
}

export function describeLocation(where: RecordLocation): string {
  const parts: string[] = []
  if (where.file !== undefined) parts.push(where.file)
  if (where.line !== undefined) parts.push(`line ${where.line}`)
  if (where.column !== undefined) parts.push(`column ${where.column}`)
  if (where.index !== undefined) parts.push(`index ${where.index}`)
  if (where.key !== undefined) parts.push(`key ${formatKey(where.key)}`)
  return parts.join(', ')
}

/** `[kvdev] <file>, <line or index>, <key>: <message>` as a KvdevError with code ERR_SEED. */
export function seedError(where: RecordLocation, message: string, cause?: unknown): KvdevError {
  const at = describeLocation(where)
  return new KvdevError('ERR_SEED', at ? `${at}: ${message}` : message, { cause })
}
