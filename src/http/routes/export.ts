import type { Context } from 'hono'
import { createDumpWriter, DUMP_FORMATS, streamDump } from '../../formats'
import type { KvdevApiEnv } from '../env'
import { getChoice, getPrefix, getStore } from '../query'

const encoder = new TextEncoder()

/** Turns an async iterator of text into a byte stream that pulls one piece at a time (backpressure) and stops on cancel. */
export function toByteStream(
  pieces: AsyncGenerator<string, void, undefined>,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await pieces.next()
      if (done) controller.close()
      else controller.enqueue(encoder.encode(value))
    },
    async cancel() {
      await pieces.return(undefined)
    },
  })
}

/** `GET export`: the namespace (or `prefix`) as a download, streamed page by page. */
export function exportKeys(c: Context<KvdevApiEnv>) {
  const store = getStore(c)
  const prefix = getPrefix(c)
  const format = getChoice(c, 'format', DUMP_FORMATS, 'json')
  const { contentType, extension } = createDumpWriter(format)
  // Binding names are identifiers, but keep the header safe whatever they are.
  const name = `kv-${store.binding}`.replace(/[^A-Za-z0-9_.-]/g, '_')
  return c.body(toByteStream(streamDump(store.dump(prefix), format)), 200, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${name}.${extension}"`,
  })
}
