import type { KeyDetail } from '../api/types'
import { base64ToBytes, toHexDump } from './bytes'
import { prettyJson } from './pretty-json'

/** The value as the inspector shows it: JSON re-indented, text as is, binary as a hex dump. */
export function getDisplayValue(type: KeyDetail['type'], bytes: Uint8Array, truncated: boolean) {
  if (type === 'binary') return toHexDump(bytes)
  const text = new TextDecoder().decode(bytes)
  if (type === 'json' && !truncated) {
    try {
      JSON.parse(text)
      return prettyJson(text)
    } catch {
      return text
    }
  }
  return text
}

export function previewBytes(detail: KeyDetail): Uint8Array {
  return detail.previewEncoding === 'base64'
    ? base64ToBytes(detail.preview)
    : new TextEncoder().encode(detail.preview)
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk))
  }
  return btoa(binary)
}
