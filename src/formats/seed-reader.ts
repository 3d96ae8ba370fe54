import type { KvdevError } from '../errors'
import type { KvRecord } from '../types/records'
import { createBulkScanner, type ScanError } from './bulk-scanner'
import { findJsonSyntaxError } from './json-syntax'
import { seedError } from './location'
import {
  detect,
  EXPECTED,
  looksLikeNdjson,
  type ParseSeedOptions,
  parseNdjsonLine,
  parseSeed,
} from './parse-seed'
import { nowSeconds, validateRecord } from './validate-record'

const HINT = 'JSON allows no comments, trailing commas or single quotes.'
const NEWLINE = 0x0a
const OPEN_ARRAY = 0x5b
const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d])
/**
 * A seed that is neither a bulk array nor NDJSON by name (an object map) is read whole, as
 * `parseSeed` reads it. Past this size its first line is tried as an NDJSON record, so a large
 * NDJSON file without the extension still streams.
 */
const WHOLE_CHECK_BYTES = 64 * 1024 * 1024

/**
 * Reads a seed fed as bytes, holding only the record being read. Each call returns the records
 * its bytes completed, validated; duplicates are returned as they come (the last one wins when
 * written in order). The first bad record throws the error `parseSeed` throws for the same text.
 */
export interface SeedReader {
  push(chunk: Uint8Array): KvRecord[]
  end(): KvRecord[]
}

const toBuffer = (chunk: Uint8Array) =>
  Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)

function createNdjsonReader(file: string | undefined, now: number): SeedReader {
  let rest: Buffer = Buffer.alloc(0)
  let line = 0
  const lines = (buf: Buffer, last: boolean) => {
    const records: KvRecord[] = []
    let start = 0
    for (let at = buf.indexOf(NEWLINE); at !== -1; at = buf.indexOf(NEWLINE, start)) {
      const record = parseNdjsonLine(buf.toString('utf8', start, at), ++line, file, now)
      if (record) records.push(record)
      start = at + 1
    }
    rest = buf.subarray(start)
    if (last) {
      const record = parseNdjsonLine(rest.toString('utf8'), ++line, file, now)
      if (record) records.push(record)
    }
    return records
  }
  return {
    push: (chunk) =>
      lines(rest.length === 0 ? toBuffer(chunk) : Buffer.concat([rest, chunk]), false),
    end: () => lines(rest, true),
  }
}

/**
 * Wrangler's bulk array, element by element. As `parseSeed` (which parses the whole text before
 * checking a record), a syntax error anywhere wins over a record broken earlier: the first broken
 * record is kept, and thrown once the whole input has scanned clean.
 */
function createBulkReader(file: string | undefined, now: number): SeedReader {
  const scanner = createBulkScanner()
  let broken: KvdevError | undefined
  const syntax = (error: ScanError, cause?: unknown) =>
    seedError({ file, ...scanner.locate(error) }, `Invalid JSON: ${error.reason}. ${HINT}`, cause)
  const records = (found: ReturnType<typeof scanner.end>) => {
    const out: KvRecord[] = []
    for (const element of found.elements) {
      let data: unknown
      try {
        data = JSON.parse(element.text)
      } catch (cause) {
        const inner = findJsonSyntaxError(element.text)
        if (!inner)
          throw seedError({ file }, `Invalid JSON: ${(cause as Error).message}. ${EXPECTED}`, cause)
        const at = element.offset
        throw syntax({ ...inner, at, within: { text: element.text, start: at } }, cause)
      }
      if (broken) continue
      try {
        out.push(validateRecord(data, { file, index: element.index }, now))
      } catch (error) {
        broken = error as KvdevError
      }
    }
    if (found.error) throw syntax(found.error)
    return broken ? [] : out
  }
  return {
    push: (chunk) => records(scanner.push(chunk)),
    end() {
      const last = records(scanner.end())
      if (broken) throw broken
      return last
    },
  }
}

/** A first line that is a JSON object with more JSON after it: NDJSON, as `parseSeed` decides. */
function isNdjsonHead(head: Buffer): boolean {
  let end = -1
  for (let lines = 0; lines < 64; lines++) {
    const next = head.indexOf(NEWLINE, end + 1)
    if (next === -1) break
    end = next
  }
  if (end === -1) return false
  const text = head.toString('utf8', 0, end)
  if (!looksLikeNdjson(text)) return false
  const firstLine = text.split('\n').findIndex((line) => line.trim() !== '')
  const rest = text
    .split('\n')
    .slice(firstLine + 1)
    .join('\n')
  return rest.trim() !== '' || head.subarray(end).some((byte) => !JSON_SPACE.has(byte))
}

/** Bytes collected and handed to `parseSeed` whole (an object map, a mismatch of an explicit format). */
function createWholeReader(options: ParseSeedOptions, now: number): SeedReader {
  const chunks: Buffer[] = []
  let size = 0
  let checked = false
  let ndjson: SeedReader | undefined
  return {
    push(chunk) {
      if (ndjson) return ndjson.push(chunk)
      chunks.push(Buffer.from(chunk))
      size += chunk.byteLength
      if (checked || size <= WHOLE_CHECK_BYTES || options.format !== undefined) return []
      checked = true
      const head = Buffer.concat(chunks)
      chunks.length = 0
      chunks.push(head)
      if (!isNdjsonHead(head)) return []
      chunks.length = 0
      ndjson = createNdjsonReader(options.file, now)
      return ndjson.push(head)
    },
    end() {
      if (ndjson) return ndjson.end()
      const text = Buffer.concat(chunks).toString('utf8')
      chunks.length = 0
      return parseSeed(text, { ...options, now })
    },
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf])

/**
 * A seed read as a stream: wrangler's bulk array element by element, NDJSON line by line (by
 * `format`, a `.ndjson`/`.jsonl` name, or a large text whose first line is a record); anything
 * else (an object map) whole through `parseSeed`. Records and errors are `parseSeed`'s.
 *
 * @example
 * const reader = createSeedReader({ file: 'seed.json' })
 * for await (const chunk of createReadStream('seed.json')) write(reader.push(chunk))
 * write(reader.end())
 */
export function createSeedReader(options: ParseSeedOptions = {}): SeedReader {
  const now = options.now ?? nowSeconds()
  const format = detect(options)
  let reader: SeedReader | undefined
  let head: Buffer = Buffer.alloc(0)
  /** Picks the reader once the first bytes say which; the bytes held so far go to it. */
  const start = (ended: boolean): KvRecord[] | undefined => {
    if (head.length < BOM.length && !ended && BOM.subarray(0, head.length).equals(head))
      return undefined
    const body = head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head
    let first = 0
    while (first < body.length && JSON_SPACE.has(body[first]!)) first++
    if (format !== 'ndjson' && first === body.length && !ended) return undefined
    if (format === 'ndjson') reader = createNdjsonReader(options.file, now)
    else if (body[first] === OPEN_ARRAY && format !== 'object')
      reader = createBulkReader(options.file, now)
    else reader = createWholeReader(options, now)
    head = Buffer.alloc(0)
    return reader.push(body)
  }
  return {
    push(chunk) {
      if (reader) return reader.push(chunk)
      head = Buffer.concat([head, chunk])
      return start(false) ?? []
    },
    end() {
      const last = reader ? [] : (start(true) ?? [])
      return [...last, ...reader!.end()]
    },
  }
}

/**
 * Batches of validated records from a seed's bytes (see `createSeedReader`).
 * @example
 * for await (const records of readSeed(createReadStream(path), { file })) count += records.length
 */
export async function* readSeed(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ParseSeedOptions = {},
): AsyncGenerator<KvRecord[]> {
  const reader = createSeedReader(options)
  for await (const chunk of chunks) {
    const records = reader.push(chunk)
    if (records.length > 0) yield records
  }
  const last = reader.end()
  if (last.length > 0) yield last
}
