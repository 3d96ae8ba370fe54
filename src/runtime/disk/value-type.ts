import type { KvValueType } from '../../types/records'

// A leading U+FEFF is part of the value (the binding's text read keeps it, its json read fails on it).
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The inspector's type of a value: valid UTF-8 that parses as JSON, other UTF-8 text, or binary. */
export function getValueType(bytes: Uint8Array): { type: KvValueType; text?: string } {
  let text: string
  try {
    text = fatal.decode(bytes)
  } catch {
    return { type: 'binary' }
  }
  try {
    JSON.parse(text)
    return { type: 'json', text }
  } catch {
    return { type: 'text', text }
  }
}
