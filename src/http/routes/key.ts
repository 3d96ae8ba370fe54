import type { Context } from 'hono'
import { API_LIMITS } from '../../constants'
import { httpError } from '../../errors'
import type { KvdevApiEnv } from '../env'
import { getInteger, getKey, getStore } from '../query'

/**
 * The preview as text when it is UTF-8, else base64. Streaming decode drops a character
 * cut in half at the end of a truncated preview instead of calling it binary.
 */
function encodePreview(preview: Uint8Array, binary: boolean) {
  if (!binary) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(preview, { stream: true })
      return { preview: text, previewEncoding: 'utf8' as const }
    } catch {}
  }
  return { preview: Buffer.from(preview).toString('base64'), previewEncoding: 'base64' as const }
}

/** `GET key`: a key's details and the start of its value. */
export async function inspectKey(c: Context<KvdevApiEnv>) {
  const store = getStore(c)
  const key = getKey(c)
  const previewBytes = getInteger(c, 'preview', {
    min: 0,
    max: API_LIMITS.MAX_PREVIEW_BYTES,
    fallback: API_LIMITS.DEFAULT_PREVIEW_BYTES,
  })
  // The store needs at least one preview byte; a zero-byte preview is cut here.
  const found = await store.inspect(key, Math.max(previewBytes, 1))
  if (!found) throw httpError(404, `Key not found: ${JSON.stringify(key)} in ${store.binding}.`)
  const { preview, ...info } = found
  const kept = preview.subarray(0, previewBytes)
  return c.json({
    ...info,
    truncated: kept.byteLength < found.size,
    ...encodePreview(kept, found.type === 'binary'),
  })
}
