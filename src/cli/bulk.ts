import { setImmediate as nextTurn } from 'node:timers/promises'
import type { KvRecord } from '../types/records'
import type { CommonOptions } from './common-options'
import { catchInterrupt } from './interrupt'
import type { Io } from './io'
import { createProgress } from './progress'
import type { KvTarget } from './targets/target'

/**
 * Keys per write or delete request: each chunk is a point where Ctrl-C stops cleanly and the
 * bar moves, so it stays small (a put costs milliseconds on disk); 100 keys keep Cloudflare's
 * request count reasonable too.
 */
const CHUNK_ITEMS = 100
/** Bytes of values per write request, well under Cloudflare's 100 MB request limit. */
const WRITE_CHUNK_BYTES = 8 * 1024 * 1024

export interface BulkResult {
  done: number
  interrupted: boolean
}

export interface BulkContext {
  io: Io
  common: CommonOptions
  target: KvTarget
  /** Progress label, e.g. `[kvdev] seed`. */
  label: string
  total: number
}

/** Records regrouped into write requests of at most `CHUNK_ITEMS` records and `WRITE_CHUNK_BYTES`. */
async function* chunks(
  batches: AsyncIterable<KvRecord[]> | Iterable<KvRecord[]>,
): AsyncIterable<KvRecord[]> {
  let chunk: KvRecord[] = []
  let bytes = 0
  for await (const batch of batches) {
    for (const record of batch) {
      const size = record.value.length + record.key.length
      if (chunk.length > 0 && (chunk.length >= CHUNK_ITEMS || bytes + size > WRITE_CHUNK_BYTES)) {
        yield chunk
        chunk = []
        bytes = 0
      }
      chunk.push(record)
      bytes += size
    }
  }
  if (chunk.length > 0) yield chunk
}

/** Runs `step` until it reports no more work or the user presses Ctrl-C; progress on a terminal. */
async function runChunked(context: BulkContext, steps: AsyncIterable<number>): Promise<BulkResult> {
  const progress = createProgress(context.io, context.label, context.total, context.common.quiet)
  const interrupt = catchInterrupt()
  try {
    for await (const n of steps) {
      progress.advance(n)
      // A chunk on the store's files settles without I/O: one turn of the event loop lets a
      // Ctrl-C (and the progress bar) in between chunks.
      await nextTurn()
      if (interrupt.requested) return { done: progress.done, interrupted: true }
    }
    return { done: progress.done, interrupted: false }
  } finally {
    progress.end()
    interrupt.dispose()
  }
}

/** Writes records in chunks, in order: records given at once, or batches as a stream yields them. */
export function writeChunked(
  context: BulkContext,
  records: KvRecord[] | AsyncIterable<KvRecord[]>,
): Promise<BulkResult> {
  return runChunked(
    context,
    (async function* () {
      const pending = chunks(Array.isArray(records) ? [records] : records)[Symbol.asyncIterator]()
      let next = pending.next()
      try {
        for (;;) {
          const { done, value: chunk } = await next
          if (done) return
          const writing = context.target.write(chunk)
          // The next chunk is read while this one's write is awaited (through a dev server or workerd, I/O).
          next = pending.next()
          next.catch(() => {})
          await writing
          yield chunk.length
        }
      } finally {
        await pending.return?.(undefined)
      }
    })(),
  )
}

/** Deletes every key matching `prefix`, a listed page at a time (the cursor walk survives the deletes). */
export function deleteChunked(
  context: BulkContext,
  prefix: string | undefined,
): Promise<BulkResult> {
  return runChunked(
    context,
    (async function* () {
      let cursor: string | undefined
      do {
        const page = await context.target.list({ prefix, limit: CHUNK_ITEMS, cursor })
        if (page.keys.length > 0) await context.target.delete(page.keys.map((k) => k.name))
        yield page.keys.length
        cursor = page.cursor
      } while (cursor)
    })(),
  )
}

export function bulkLabel(
  io: Io,
  common: CommonOptions,
  target: KvTarget,
  verb: string,
  total: number,
): BulkContext {
  return { io, common, target, label: `[kvdev] ${verb}`, total }
}
