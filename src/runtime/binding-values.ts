const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** A read's `type` and `cacheTtl`, from a type string or an options object. */
export function readOptions(options: unknown): { type: unknown; cacheTtl?: unknown } {
  if (typeof options === 'string') return { type: options }
  if (options && typeof options === 'object') {
    const { type, cacheTtl } = options as { type?: unknown; cacheTtl?: unknown }
    return { type: type ?? 'text', cacheTtl }
  }
  return { type: 'text' }
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
  if (value === null || value === undefined || typeof value !== 'object') {
    // The binding coerces primitives itself; hand them over untouched.
    return { primitive: typeof value === 'bigint' ? String(value) : (value ?? null) }
  }
  throw new TypeError(
    'KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.',
  )
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
