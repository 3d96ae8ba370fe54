import { fmtMs } from './measure.mjs'

const med = (s) => (s && typeof s.median === 'number' ? s.median : undefined)

/** The fastest of `summaries` (name → summary) that was measured: `[name, summary]`, or []. */
export function fastest(summaries) {
  const measured = Object.entries(summaries).filter(([, s]) => med(s) !== undefined)
  if (measured.length === 0) return []
  return measured.reduce((a, b) => (med(b[1]) < med(a[1]) ? b : a))
}

/**
 * One target: kvdev must be `factor`× faster than the anchor (factor 1: at parity), or under
 * `maxMs`. A missed target names its floor: the cheapest measured way to do the same work,
 * which kvdev cannot beat.
 */
export function target({ name, kvdev, anchor, factor, maxMs, floor, why }) {
  const k = med(kvdev)
  const a = med(anchor)
  if (k === undefined || (factor && a === undefined))
    return {
      name,
      measured: 'not measured',
      status: '—',
      bound: 'a side failed to run (see its table)',
    }
  const need = factor ? a / factor : maxMs
  // A factor under 1 allows kvdev to be slower (within 2× a floor): say how many times the anchor it takes.
  const measured = !factor
    ? fmtMs(k)
    : factor < 1
      ? `${fmtMs(k)} vs ${fmtMs(a)}: ${(k / a).toFixed(2)}× it`
      : `${fmtMs(k)} vs ${fmtMs(a)}: ${(a / k).toFixed(a / k >= 100 ? 0 : 1)}×`
  if (k <= need) return { name, measured, status: '**met**', bound: '' }
  const off = `needs ≤ ${fmtMs(need)}, is ${(k / need).toFixed(1)}× over`
  const f = floor && med(floor.summary)
  const bound = [
    f === undefined
      ? off
      : `${off}; floor: ${floor.label} = ${fmtMs(f)} (${((f / k) * 100).toFixed(0)}% of kvdev's time)`,
    why,
  ]
    .filter(Boolean)
    .join('; ')
  return { name, measured, status: 'missed', bound }
}
