/** Bidirectional controls: they reorder the text around them, so `abc\u202Egnp.exe` reads `abcexe.png`. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/**
 * A key, prefix or name as shown: bidirectional-control characters become escapes
 * (`\u202E`), so one key cannot masquerade as another. Everything else is left as is.
 */
export function showControls(text: string): string {
  return text.replace(
    BIDI_CONTROLS,
    (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  )
}
