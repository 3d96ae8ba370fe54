import { KvdevError } from '../errors'
import type { KvRecord } from '../types/records'
import { CSV_COLUMNS, csvRecordRow, csvRow } from './csv'

export const DUMP_FORMATS = ['json', 'ndjson', 'csv'] as const
export type DumpFormat = (typeof DUMP_FORMATS)[number]

/**
 * Writes one dump as text pieces: `header()`, then `record()` for each record in order, then
 * `footer()`. Pieces can be sent as they come, so a dump never needs the whole store in memory.
 * A writer keeps track of the records it has written: create one per dump.
 */
export interface DumpWriter {
  readonly format: DumpFormat
  /** For an HTTP `Content-Type` header. */
  readonly contentType: string
  /** File extension, without the dot. */
  readonly extension: string
  header(): string
  record(record: KvRecord): string
  footer(): string
}

/** A record in wrangler's field order, with absent fields left out and `base64` only when true. */
function toBulkJson(record: KvRecord): string {
  const out: KvRecord = { key: record.key, value: record.value }
  if (record.base64 === true) out.base64 = true
  if (record.expiration !== undefined) out.expiration = record.expiration
  if (record.expiration_ttl !== undefined) out.expiration_ttl = record.expiration_ttl
  if (record.metadata !== undefined) out.metadata = record.metadata
  return JSON.stringify(out)
}

function createJsonWriter(): DumpWriter {
  let count = 0
  return {
    format: 'json',
    contentType: 'application/json; charset=utf-8',
    extension: 'json',
    header: () => '[\n',
    record: (record) => `${count++ === 0 ? '' : ',\n'}  ${toBulkJson(record)}`,
    footer: () => (count === 0 ? ']\n' : '\n]\n'),
  }
}

function createNdjsonWriter(): DumpWriter {
  return {
    format: 'ndjson',
    contentType: 'application/x-ndjson; charset=utf-8',
    extension: 'ndjson',
    header: () => '',
    record: (record) => `${toBulkJson(record)}\n`,
    footer: () => '',
  }
}

function createCsvWriter(): DumpWriter {
  return {
    format: 'csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
    header: () => csvRow(CSV_COLUMNS),
    record: csvRecordRow,
    footer: () => '',
  }
}

/**
 * A writer for one dump. `json` is wrangler's bulk array (`wrangler kv bulk put` and
 * `parseSeed` read it back), `ndjson` one such record a line, `csv` a table for people:
 * `key,size,type,expiration,metadata,sub,email,name,base64,value`, formula-like cells
 * neutralised.
 *
 * @example
 * const writer = createDumpWriter('ndjson')
 * for await (const page of store.dump()) for (const r of page) out.write(writer.record(r))
 */
export function createDumpWriter(format: DumpFormat): DumpWriter {
  if (format === 'json') return createJsonWriter()
  if (format === 'ndjson') return createNdjsonWriter()
  if (format === 'csv') return createCsvWriter()
  throw new KvdevError(
    'ERR_OPTION',
    `Invalid dump format: ${JSON.stringify(format)}. Use ${DUMP_FORMATS.join(', ')}.`,
  )
}
