const LONE_SURROGATE = /\p{Surrogate}/u
const BASE64_CHAR = /^[A-Za-z0-9+/]*$/

/** UTF-8 length of `text` in bytes, as Cloudflare counts keys, values and metadata. */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * Index of the first unpaired UTF-16 surrogate, or -1. Such text cannot be encoded as UTF-8:
 * it would be stored with U+FFFD in its place, so a key or value would silently change.
 */
export function findLoneSurrogate(text: string): number {
  // With the `u` flag, a valid pair is one code point, so only lone halves match.
  return text.search(LONE_SURROGATE)
}

/**
 * Byte length of the data that standard base64 `text` decodes to, or undefined when `text` is
 * not base64. Padding is optional (as `atob` accepts); whitespace and URL-safe characters are
 * not accepted, so a value means one thing only.
 */
export function base64ByteLength(text: string): number | undefined {
  const body = text.endsWith('==')
    ? text.slice(0, -2)
    : text.endsWith('=')
      ? text.slice(0, -1)
      : text
  if (body.length !== text.length && text.length % 4 !== 0) return undefined
  if (body.length % 4 === 1 || !BASE64_CHAR.test(body)) return undefined
  return Math.floor((body.length * 3) / 4)
}

export function decodeBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'))
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}
