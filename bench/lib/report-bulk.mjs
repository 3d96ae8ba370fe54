import { GROWTH_OPS, LINEAR_BY_NATURE } from '../scenarios/growth.mjs'
import { fmtMs } from './measure.mjs'
import { cell, ratio, table } from './report.mjs'

const n = (count) => Number(count).toLocaleString('en-US')

/** One table per store size: kvdev's seed and dump, each anchor and floor beside them. */
export function bulkSection(bulk, note) {
  const out = ['## Seed and dump', note]
  for (const [count, row] of Object.entries(bulk)) {
    const kvdevOf = (k) =>
      k.includes('dump')
        ? row['kvdev dump']
        : k.includes('first 1,000')
          ? undefined
          : row['kvdev seed']
    out.push(
      `### ${n(count)} keys`,
      table(
        ['Operation', 'Time', 'Per key', 'kvdev vs it'],
        Object.entries(row).map(([k, v]) => [
          k,
          cell(v),
          k.includes('first 1,000') ? '' : fmtMs(v.median / Number(count)),
          k === 'kvdev seed' || k === 'kvdev dump' || !kvdevOf(k) ? '' : ratio(kvdevOf(k), v),
        ]),
      ),
    )
  }
  return out
}

/** Growth per tenfold of keys: the geometric mean of the factor between the first and last size. */
const perTenfold = (a, b, from, to) => (b / a) ** (1 / Math.log10(Number(to) / Number(from)))

/** `flat`, `sub-linear` or `linear` from the factor per tenfold; linear rows an index could serve are defects. */
function growthVerdict(op, factor) {
  if (factor === undefined) return '—'
  if (factor < 2) return 'flat'
  if (factor < 5) return 'sub-linear'
  return LINEAR_BY_NATURE.has(op) ? `linear (${LINEAR_BY_NATURE.get(op)})` : '**linear: a defect**'
}

/** Cost as the store grows: each operation (rows) at each size (columns), and how fast it grows. */
export function growthSection(growth) {
  const counts = Object.keys(growth)
  const first = counts[0]
  const last = counts.at(-1)
  const rows = GROWTH_OPS.map((op) => {
    const a = growth[first]?.[op]?.median
    const b = growth[last]?.[op]?.median
    const tenfold = a && b && last !== first ? perTenfold(a, b, first, last) : undefined
    return { op, a, b, tenfold }
  })
  const defects = rows.filter((r) => growthVerdict(r.op, r.tenfold).includes('defect'))
  return [
    '## Cost as the store grows',
    `kvdev \`createKvRuntime\` in the bench process over a persisted store seeded with each number of keys (the same records as the seed tables${growth[1_000_000] ? '; the 1,000,000-key column is the million-key store of the section below, values of 100 B–2 KB, its puts rewriting keys with their own values' : ''}). Per-call operations (get, put) are medians over their calls, get reading a different key each call; the first pages, count and dump are timed whole. "${n(last)} vs ${n(first)}" is how much the largest figure costs against the smallest; "per 10×" is that growth per tenfold of keys (1× flat, 10× linear). A row growing linearly where an index could serve it is a defect${defects.length ? `: ${defects.map((r) => r.op).join(', ')}` : ''}.`,
    table(
      [
        'Operation',
        ...counts.map((c) => `${n(c)} keys`),
        `${n(last)} vs ${n(first)}`,
        'per 10×',
        'grows',
      ],
      rows.map(({ op, a, b, tenfold }) => [
        op,
        ...counts.map((c) => cell(growth[c]?.[op])),
        a && b ? `${(b / a).toFixed(1)}×` : '—',
        tenfold === undefined ? '—' : `${tenfold.toFixed(1)}×`,
        growthVerdict(op, tenfold),
      ]),
    ),
  ]
}
