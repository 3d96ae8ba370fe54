import { Buffer } from 'node:buffer'
import { base64ByteLength, findLoneSurrogate, utf8Length } from '../rules'

// The rules' own helpers: one definition of UTF-8 length, lone surrogates and base64.
export { base64ByteLength, findLoneSurrogate, utf8Length as utf8ByteLength }

export function decodeBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'))
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}
