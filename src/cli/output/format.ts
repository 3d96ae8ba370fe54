import { formatEpochSeconds, scaleBytes, splitDuration } from '../../formats/display'

/** `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  const { value, unit } = scaleBytes(bytes)
  return unit === 'B' ? `${bytes} B` : `${value.toFixed(1)} ${unit}`
}

/** Seconds from `nowSeconds` to `epochSeconds` as `in 1h 5m` or `3m ago`. */
export function formatRelative(epochSeconds: number, nowSeconds = Date.now() / 1000): string {
  const delta = Math.round(epochSeconds - nowSeconds)
  const { parts, rest } = splitDuration(Math.abs(delta))
  if (parts.length < 2 && (rest > 0 || parts.length === 0)) parts.push(`${rest}s`)
  const text = parts.slice(0, 2).join(' ')
  return delta >= 0 ? `in ${text}` : `${text} ago`
}

/** `2026-11-23T18:00:00Z (in 1h)`. */
export function formatExpiration(epochSeconds: number): string {
  return `${formatEpochSeconds(epochSeconds)} (${formatRelative(epochSeconds)})`
}

/** `Name <email>` from metadata written with a user's identity, or '' when it has none. */
export function getIdentity(metadata: unknown): string {
  if (!metadata || typeof metadata !== 'object') return ''
  const { name, email } = metadata as { name?: unknown; email?: unknown }
  const n = typeof name === 'string' ? name : ''
  const e = typeof email === 'string' ? email : ''
  if (n && e) return `${n} <${e}>`
  return n || (e ? `<${e}>` : '')
}

/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(rows: string[][]): string {
  const widths: number[] = []
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length)
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** Control characters shown as escapes, so a key or value cannot drive the terminal. */
export function toPrintable(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
