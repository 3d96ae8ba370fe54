import type { Route } from '../context'
import { HttpError } from '../http-error'
import { API_LIMITS } from '../limits'
import { getInteger, getKey, getStore } from '../query'
import { jsonResponse } from '../respond'

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
export const inspectKey: Route = async (context) => {
  const store = getStore(context)
  const key = getKey(context)
  const previewBytes = getInteger(context, 'preview', {
    min: 0,
    max: API_LIMITS.MAX_PREVIEW_BYTES,
    fallback: API_LIMITS.DEFAULT_PREVIEW_BYTES,
  })
  // The store needs at least one preview byte; a zero-byte preview is cut here.
  const found = await store.inspect(key, Math.max(previewBytes, 1))
  if (!found) throw new HttpError(404, `Key not found: ${JSON.stringify(key)} in ${store.binding}.`)
  const { preview, ...info } = found
  const kept = preview.subarray(0, previewBytes)
  return jsonResponse({
    ...info,
    truncated: kept.byteLength < found.size,
    ...encodePreview(kept, found.type === 'binary'),
  })
}
