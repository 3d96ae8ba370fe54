import { GROWTH_OPS } from '../scenarios/growth.mjs'
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

/** Cost as the store grows: each operation (rows) at each size (columns). */
export function growthSection(growth) {
  const counts = Object.keys(growth)
  const first = counts[0]
  const last = counts.at(-1)
  return [
    '## Cost as the store grows',
    `kvdev \`createKvRuntime\` in the bench process over a persisted store seeded with each number of keys (the same records as the seed tables). Per-call operations (get, put) are medians over their calls, get reading a different key each call; the first pages, count and dump are timed whole. The last column is how much the ${n(last)}-key figure costs against the ${n(first)}-key one.`,
    table(
      ['Operation', ...counts.map((c) => `${n(c)} keys`), `${n(last)} vs ${n(first)}`],
      GROWTH_OPS.map((op) => {
        const a = growth[first]?.[op]?.median
        const b = growth[last]?.[op]?.median
        return [
          op,
          ...counts.map((c) => cell(growth[c]?.[op])),
          a && b ? `${(b / a).toFixed(1)}×` : '—',
        ]
      }),
    ),
  ]
}
