import { KvdevError } from '../../errors'

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }

/** The longest jump of the store clock: a year, far past any TTL a test waits for. */
export const MAX_CLOCK_JUMP_SECONDS = 366 * 86_400

const DURATION = /^(?:\d+[smhdw])+$/

/**
 * A jump of the store clock in seconds, from `90s`, `30m`, `1h`, `2d`, `1w` or a
 * sequence of them (`1h30m`).
 *
 * @example
 * parseDuration('1h30m') // 5400
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim()
  if (!DURATION.test(trimmed)) {
    throw new KvdevError(
      'ERR_OPTION',
      `Invalid duration: "${text}". Write a number and a unit (s, m, h, d, w), e.g. 30m, 1h, 2d or 1h30m.`,
    )
  }
  let seconds = 0
  for (const [, n, unit] of trimmed.matchAll(/(\d+)([smhdw])/g)) {
    seconds += Number(n) * UNITS[unit!]!
  }
  if (seconds <= 0 || seconds > MAX_CLOCK_JUMP_SECONDS) {
    throw new KvdevError(
      'ERR_OPTION',
      `Invalid duration: "${text}" (${seconds} seconds). A jump of the store clock is between 1 second and ${MAX_CLOCK_JUMP_SECONDS} seconds (366 days).`,
    )
  }
  return seconds
}

/** `3600` as `1 h`, `5400` as `1 h 30 min`: how the CLI and the inspector show the clock. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0 s'
  const parts: string[] = []
  let rest = seconds
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size)
    if (n > 0) parts.push(`${n} ${unit}`)
    rest -= n * size
  }
  return parts.join(' ')
}
