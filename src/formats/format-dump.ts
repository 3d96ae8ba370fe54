import type { KvRecord } from '../types/records'
import { createDumpWriter, type DumpFormat } from './dump-writer'

/**
 * A dump as text pieces, from pages of records as the runtime yields them (`store.dump()`):
 * one piece for the header, one per page, one for the footer; empty pieces are skipped.
 *
 * @example
 * for await (const chunk of streamDump(store.dump('user:'), 'csv')) process.stdout.write(chunk)
 */
export async function* streamDump(
  pages: AsyncIterable<KvRecord[]> | Iterable<KvRecord[]>,
  format: DumpFormat,
): AsyncGenerator<string, void, undefined> {
  const writer = createDumpWriter(format)
  const header = writer.header()
  if (header) yield header
  for await (const page of pages) {
    const text = page.map((record) => writer.record(record)).join('')
    if (text) yield text
  }
  const footer = writer.footer()
  if (footer) yield footer
}

/** A whole dump as one string: for tests and small dumps. */
export function formatDump(records: Iterable<KvRecord>, format: DumpFormat): string {
  const writer = createDumpWriter(format)
  let text = writer.header()
  for (const record of records) text += writer.record(record)
  return text + writer.footer()
}
