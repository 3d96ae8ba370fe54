const UNITS = ['B', 'KiB', 'MiB', 'GiB']

/** `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US')
}

/** Time until an absolute expiration (seconds since epoch): `in 4m 12s`, `expired`. */
export function formatRelative(expiration: number, nowMs: number): string {
  let seconds = Math.round(expiration - nowMs / 1000)
  if (seconds <= 0) return 'expired'
  const parts: string[] = []
  for (const [size, unit] of [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'm'],
  ] as const) {
    if (seconds >= size) {
      parts.push(`${Math.floor(seconds / size)}${unit}`)
      seconds %= size
    }
    if (parts.length === 2) break
  }
  if (parts.length < 2) parts.push(`${seconds}s`)
  return `in ${parts.join(' ')}`
}

export function formatDate(expiration: number): string {
  return new Date(expiration * 1000).toISOString().replace('.000Z', 'Z')
}
