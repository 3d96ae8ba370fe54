import { HttpError } from './http-error'
import { API_LIMITS } from './limits'

function tooLarge(size: number | string, limit: number): HttpError {
  return new HttpError(
    413,
    `Request body too large: ${size} bytes. The limit for this route is ${limit} bytes.`,
  )
}

/**
 * Reads a request body, refusing it as soon as it passes `limit` bytes: a declared
 * `Content-Length` is checked before reading, an undeclared length while streaming,
 * so an oversize body is never buffered.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length')
  if (declared !== null) {
    if (!/^\d+$/.test(declared)) {
      throw new HttpError(
        400,
        `Invalid Content-Length: ${JSON.stringify(declared)}. It must be a number of bytes.`,
      )
    }
    if (Number(declared) > limit) throw tooLarge(declared, limit)
  }
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw tooLarge(`more than ${limit}`, limit)
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

/** Deepest nesting of arrays and objects in JSON text, in one pass that skips strings. */
export function getJsonDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth)
    else if (c === 0x7d || c === 0x5d) depth--
  }
  return max
}

/** Parses JSON text with a bounded depth; bad JSON is a 400 that quotes the parser. */
export function parseJsonText(text: string, maxDepth: number = API_LIMITS.MAX_JSON_DEPTH): unknown {
  const depth = getJsonDepth(text)
  if (depth > maxDepth) {
    throw new HttpError(
      400,
      `JSON body nested too deeply: ${depth} levels. The limit is ${maxDepth}.`,
    )
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new HttpError(
      400,
      `Invalid JSON body: ${(cause as Error).message}. Send a JSON object.`,
      { cause },
    )
  }
}

/** Reads a JSON object body (an empty body reads as `{}`). */
export async function readJsonObject(
  request: Request,
  limit: number,
): Promise<Record<string, unknown>> {
  const bytes = await readBody(request, limit)
  if (bytes.byteLength === 0) return {}
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw new HttpError(400, 'Invalid JSON body: it is not UTF-8. Send UTF-8 JSON.', { cause })
  }
  const value = parseJsonText(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, `Invalid JSON body: ${text.slice(0, 40)}. Send a JSON object.`)
  }
  return value as Record<string, unknown>
}
