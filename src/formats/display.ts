/**
 * Sizes, durations and times as people read them: the pieces the CLI and the inspector share.
 * Each words the result in its own way (`1.5 KiB` against `1.5 KiB` / `12 MiB`, `3m ago`
 * against `expired`).
 */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const

/** `bytes` in the largest binary unit it reaches: `1536` → `{ value: 1.5, unit: 'KiB' }`. */
export function scaleBytes(bytes: number): { value: number; unit: (typeof BYTE_UNITS)[number] } {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return { value, unit: BYTE_UNITS[unit]! }
}

const DURATION_UNITS = [
  [86_400, 'd'],
  [3600, 'h'],
  [60, 'm'],
] as const

/** The whole days, hours and minutes in `seconds` (`['1d', '2h']`) and the seconds left over. */
export function splitDuration(seconds: number): { parts: string[]; rest: number } {
  let rest = seconds
  const parts: string[] = []
  for (const [size, unit] of DURATION_UNITS) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`)
      rest %= size
    }
  }
  return { parts, rest }
}

/** Seconds since the epoch as ISO 8601 to the second: `2026-11-23T18:00:00Z`. */
export function formatEpochSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z')
}
