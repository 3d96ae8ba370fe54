import { formatEpochSeconds, scaleBytes, splitDuration } from '../../formats/display'

/** `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  const { value, unit } = scaleBytes(bytes)
  return unit === 'B' ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${unit}`
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US')
}

/** Time until an absolute expiration (seconds since epoch): `in 4m 12s`, `expired`. */
export function formatRelative(expiration: number, nowMs: number): string {
  const seconds = Math.round(expiration - nowMs / 1000)
  if (seconds <= 0) return 'expired'
  const { parts, rest } = splitDuration(seconds)
  if (parts.length < 2) parts.push(`${rest}s`)
  return `in ${parts.slice(0, 2).join(' ')}`
}

export const formatDate = formatEpochSeconds
