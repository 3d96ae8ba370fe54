import { findJsonSyntaxError, type JsonSyntaxError, lineAndColumn } from './json-syntax'

// JSON's own whitespace (RFC 8259), as json-syntax.ts skips it.
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d])
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d

/** Where a scanned element's bytes are in the scanner's buffer, and its 0-based index in the array. */
export interface ScannedElement {
  text: string
  index: number
  /** Absolute byte offset of the element's first byte. */
  offset: number
}

/** A syntax error at an absolute byte offset of the input. */
export interface ScanError extends JsonSyntaxError {
  /** Absolute byte offset (the `offset` field counts in the `text` it was found in). */
  at: number
  /** The text the error's `offset` is in, when it was found inside one element. */
  within?: { text: string; start: number }
}

/** End of the string starting at `from` (its opening quote), after the closing quote; -1 while it runs past the buffer. */
function stringEnd(buf: Buffer, from: number): number {
  let i = from + 1
  for (;;) {
    const quote = buf.indexOf(QUOTE, i)
    if (quote === -1) return -1
    let slashes = 0
    for (let k = quote - 1; buf[k] === BACKSLASH; k--) slashes++
    if (slashes % 2 === 0) return quote + 1
    i = quote + 1
  }
}

/**
 * End of the JSON value starting at `from`, or -1 while it runs past the buffer. It only finds
 * the bounds (strings skipped with `indexOf`, brackets counted): JSON.parse checks the bytes
 * between them, and a value it refuses is scanned again by `findJsonSyntaxError`, which names
 * the same first error a scan of the whole input would.
 */
function valueEnd(buf: Buffer, from: number): number {
  const first = buf[from]
  if (first === QUOTE) return stringEnd(buf, from)
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0
    let i = from
    while (i < buf.length) {
      const byte = buf[i]!
      if (byte === QUOTE) {
        i = stringEnd(buf, i)
        if (i === -1) return -1
        continue
      }
      if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++
      else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        depth--
        if (depth === 0) return i + 1
      }
      i++
    }
    return -1
  }
  // A number or literal runs to the next delimiter.
  let i = from
  while (i < buf.length) {
    const byte = buf[i]!
    if (byte === COMMA || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT || SPACE.has(byte)) return i
    i++
  }
  return -1
}

/** Lines and the UTF-16 column after `buf[0, end)`, counting on from `lines` and `column`. */
function countPosition(buf: Buffer, end: number, lines: number, column: number) {
  let lineStart = 0
  for (let at = buf.indexOf(0x0a); at !== -1 && at < end; at = buf.indexOf(0x0a, at + 1)) {
    lines++
    lineStart = at + 1
    column = 0
  }
  // UTF-16 units: one per character, two for one outside the BMP (a 4-byte UTF-8 sequence).
  for (let i = lineStart; i < end; i++) {
    const byte = buf[i]!
    if ((byte & 0xc0) !== 0x80) column += byte >= 0xf0 ? 2 : 1
  }
  return { lines, column }
}

type State = 'open' | 'first' | 'value' | 'after' | 'closed'

/**
 * Reads the elements of one top-level JSON array (wrangler's bulk format) from bytes fed in
 * pieces, holding only the element being read: a seed of a million records is never one string
 * (V8 caps a string at 512 MB). The input must start (after JSON whitespace) with `[`. Each element comes back
 * as its text, for JSON.parse; a syntax error between elements comes back with the reason
 * `findJsonSyntaxError` would give at the same place.
 */
export function createBulkScanner() {
  let buf: Buffer = Buffer.alloc(0)
  /** Lines and UTF-16 column before buf[0], for messages that name a line and column. */
  let linesBefore = 0
  let columnBefore = 0
  /** Absolute offset of buf[0]. */
  let base = 0
  let pos = 0
  let state: State = 'open'
  let index = 0
  const unexpected = (i: number): ScanError => ({
    at: base + i,
    offset: 0,
    reason: `unexpected character ${JSON.stringify(buf.toString('utf8', i, i + 4)[0])}`,
  })

  function scan(ended: boolean): { elements: ScannedElement[]; error?: ScanError } {
    const elements: ScannedElement[] = []
    for (;;) {
      while (pos < buf.length && SPACE.has(buf[pos]!)) pos++
      if (pos >= buf.length) {
        if (ended && state !== 'closed')
          return {
            elements,
            error: { at: base + pos, offset: 0, reason: 'unexpected end of input' },
          }
        return { elements }
      }
      const byte = buf[pos]!
      if (state === 'closed') return { elements, error: unexpected(pos) }
      if (state === 'open') {
        if (byte !== OPEN_ARRAY) return { elements, error: unexpected(pos) }
        state = 'first'
        pos++
        continue
      }
      if (state === 'after') {
        if (byte === COMMA) state = 'value'
        else if (byte === CLOSE_ARRAY) state = 'closed'
        else return { elements, error: unexpected(pos) }
        pos++
        continue
      }
      if (state === 'first' && byte === CLOSE_ARRAY) {
        state = 'closed'
        pos++
        continue
      }
      const end = valueEnd(buf, pos)
      // A delimiter where a value belongs (`[1,]`): no value starts here.
      if (end === pos) return { elements, error: unexpected(pos) }
      if (end === -1 && !ended) return { elements }
      const stop = end === -1 ? buf.length : end
      const text = buf.toString('utf8', pos, stop)
      if (end === -1) {
        // Input ended inside this element: its own scan names the error (an unterminated string…).
        const found = findJsonSyntaxError(text) ?? {
          offset: text.length,
          reason: 'unexpected end of input',
        }
        return {
          elements,
          error: { ...found, at: base + pos, within: { text, start: base + pos } },
        }
      }
      elements.push({ text, index: index++, offset: base + pos })
      pos = end
      state = 'after'
    }
  }

  return {
    /** Elements completed by `chunk`; the bytes of an unfinished one are kept for the next. */
    push(chunk: Uint8Array) {
      const dropped = countPosition(buf, pos, linesBefore, columnBefore)
      linesBefore = dropped.lines
      columnBefore = dropped.column
      const rest = buf.subarray(pos)
      base += pos
      pos = 0
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      buf = rest.length === 0 ? bytes : Buffer.concat([rest, bytes])
      return scan(false)
    },
    /** The last elements, or the error of an input that stops before the array closes. */
    end() {
      return scan(true)
    },
    /** The 1-based line and column (UTF-16 units, as lineAndColumn counts) of an error. */
    locate(error: ScanError): { line: number; column: number } {
      const at = countPosition(buf, error.at - base, linesBefore, columnBefore)
      if (!error.within) return { line: at.lines + 1, column: at.column + 1 }
      const inner = lineAndColumn(error.within.text, error.offset)
      return inner.line === 1
        ? { line: at.lines + 1, column: at.column + inner.column }
        : { line: at.lines + inner.line, column: inner.column }
    },
  }
}
