/**
 * The wire format between Node and kvdev's internal worker: one binary
 * message is a 4-byte big-endian header length, a JSON header, then the raw
 * value bytes. Values never pass through JSON, so binary data and 25 MiB
 * values cost one copy.
 */
export interface Frame<H> {
  header: H
  body: Uint8Array
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export function encodeFrame(header: unknown, body?: Uint8Array): Uint8Array {
  const head = encoder.encode(JSON.stringify(header))
  const out = new Uint8Array(4 + head.byteLength + (body?.byteLength ?? 0))
  new DataView(out.buffer).setUint32(0, head.byteLength)
  out.set(head, 4)
  if (body) out.set(body, 4 + head.byteLength)
  return out
}

export function decodeFrame<H>(data: Uint8Array): Frame<H> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const length = view.getUint32(0)
  const header = JSON.parse(decoder.decode(data.subarray(4, 4 + length))) as H
  return { header, body: data.subarray(4 + length) }
}
