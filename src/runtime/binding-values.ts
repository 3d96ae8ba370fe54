const encoder = new TextEncoder()
// A value starting with EF BB BF keeps it: the binding's text read does, and its json read fails on it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

/**
 * A read's `type` and `cacheTtl`, from a type string or an options object. Only a missing
 * type means text: any other (`123`, `false`, `{ type: null }`) goes to the binding, which
 * throws `Unknown response type`.
 */
export function readOptions(options: unknown): { type: unknown; cacheTtl?: unknown } {
  if (options === undefined || options === null) return { type: 'text' }
  if (typeof options === 'object') {
    const { type, cacheTtl } = options as { type?: unknown; cacheTtl?: unknown }
    return { type: type === undefined ? 'text' : type, cacheTtl }
  }
  return { type: options }
}

/** `owned`: the bytes are this read's own (not cached, not part of a frame), so they need no copy. */
export function decodeValue(bytes: Uint8Array, type: unknown, owned = false): unknown {
  const whole = owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  if (type === 'arrayBuffer') return whole ? bytes.buffer : bytes.slice().buffer
  if (type === 'stream') {
    return new ReadableStream({
      start(controller) {
        if (bytes.byteLength > 0) controller.enqueue(bytes.slice())
        controller.close()
      },
    })
  }
  const text = decoder.decode(bytes)
  return type === 'json' ? JSON.parse(text) : text
}

export async function encodeValue(
  value: unknown,
): Promise<{ body?: Uint8Array; primitive?: unknown }> {
  if (typeof value === 'string') return { body: encoder.encode(value) }
  if (value instanceof ArrayBuffer) return { body: new Uint8Array(value) }
  if (ArrayBuffer.isView(value)) {
    return { body: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) }
  }
  if (value instanceof ReadableStream) {
    return { body: new Uint8Array(await new Response(value).arrayBuffer()) }
  }
  // The binding takes any other primitive as its string (`undefined`, `NaN`, `1e+21`).
  if (value === null || (typeof value !== 'object' && typeof value !== 'symbol')) {
    return { body: encoder.encode(String(value)) }
  }
  // A value it refuses goes to it as a stand-in it refuses alike, so its own checks run in
  // its own order (a `.` key is refused before the value).
  return { primitive: {} }
}

/** What the read cache keeps after a put: the value, unless it expires (the next read learns when). */
export function afterPut(
  body: Uint8Array | undefined,
  options: unknown,
): { bytes: Uint8Array; metadata: unknown } | undefined {
  const { expiration, expirationTtl, metadata } = (options ?? {}) as Record<string, unknown>
  if (!body || expiration !== undefined || expirationTtl !== undefined) return undefined
  return {
    bytes: body,
    metadata: metadata === undefined ? null : JSON.parse(JSON.stringify(metadata)),
  }
}
