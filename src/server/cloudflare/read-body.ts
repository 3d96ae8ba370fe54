import { CF_ERROR, CloudflareApiError } from './envelope'

/** Deepest JSON nesting accepted in a request body: metadata and bulk items need a handful. */
const MAX_JSON_DEPTH = 64

/**
 * Reads a request body, refusing it as soon as it passes `limit` bytes: first
 * on `Content-Length`, then while counting the streamed bytes, so an oversized
 * upload is never held in memory.
 */
export async function readBody(
  request: Request,
  limit: number,
  tooLarge: (length: number, exact: boolean) => CloudflareApiError,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) throw tooLarge(declared, true)
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    length += value.byteLength
    if (length > limit) {
      await reader.cancel().catch(() => {})
      throw tooLarge(length, false)
    }
    chunks.push(value)
  }
  const out = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/** Linear scan for nesting depth, so hostile bodies never reach a recursive walk. */
function jsonDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (inString) {
      if (char === 0x5c) i++
      else if (char === 0x22) inString = false
    } else if (char === 0x22) inString = true
    else if (char === 0x7b || char === 0x5b) max = Math.max(max, ++depth)
    else if (char === 0x7d || char === 0x5d) depth--
  }
  return max
}

/** Reads and parses a JSON body of at most `limit` bytes. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const bytes = await readBody(
    request,
    limit,
    (length, exact) =>
      new CloudflareApiError(
        413,
        CF_ERROR.PAYLOAD_TOO_LARGE,
        `Request body length of ${exact ? '' : 'at least '}${length} exceeds limit of ${limit}.`,
      ),
  )
  const text = new TextDecoder().decode(bytes)
  const depth = jsonDepth(text)
  if (depth > MAX_JSON_DEPTH) {
    throw new CloudflareApiError(
      400,
      CF_ERROR.INVALID_REQUEST,
      `Request body nests JSON ${depth} levels deep. The limit is ${MAX_JSON_DEPTH}.`,
    )
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new CloudflareApiError(
      400,
      CF_ERROR.INVALID_REQUEST,
      `Request body is not valid JSON: ${(cause as Error).message}. Send a JSON body with \`Content-Type: application/json\`.`,
    )
  }
}
