import { MEMORY_ROWS } from '../scenarios/million-memory.mjs'
import { table } from './report.mjs'

/** Resident memory at rest on the large store may be this many times that on an empty one. */
const MAX_GROWTH = 1.5

const mib = (s) => (s?.median === undefined ? '—' : `${s.median.toFixed(0)} MiB`)
const growth = (row) =>
  row?.empty?.median && row?.large?.median ? row.large.median / row.empty.median : undefined
const keysOf = (m) => (m?.keys ?? 1_000_000).toLocaleString('en-US')

/** One target per server: its memory at rest with the large store within 1.5× an empty store's. */
export function memoryTargets(m) {
  return Object.entries(MEMORY_ROWS).map(([key, label]) => {
    const name = `${label}: resident memory at rest with ${keysOf(m)} keys ≤ ${MAX_GROWTH}× with an empty store`
    const g = growth(m?.[key])
    if (g === undefined)
      return { name, measured: 'not measured', status: '—', bound: 'the scenario did not run' }
    const measured = `${mib(m[key].large)} vs ${mib(m[key].empty)}: ${g.toFixed(2)}× it`
    if (g <= MAX_GROWTH) return { name, measured, status: '**met**', bound: '' }
    return {
      name,
      measured,
      status: 'missed',
      bound: `needs ≤ ${MAX_GROWTH}×, is ${g.toFixed(2)}×`,
    }
  })
}

/** The memory-at-rest section: each server on an empty store and on the large one. */
export function memorySection(m) {
  return [
    `## Resident memory at rest: an empty store against ${keysOf(m)} keys`,
    `Each server is started on the store, answers one KV-backed route (\`/api/ping\`, a \`get\`), runs a full garbage collection in Node (\`--expose-gc\`, on a signal: bench/lib/gc-on-signal.mjs), and its whole process tree (Node and workerd) is read: the median of three reads, then the median over the rounds. The rows alternate (empty, large, empty, large…). The empty store is a namespace Miniflare created and left empty; the large one is the ${keysOf(m)}-key store (bench/lib/store-1m.mjs). What is kept per key (the read cache, SQLite's page cache) is bounded, so the store's size shows only in what a route reads.`,
    table(
      ['Server', 'Empty store', `${keysOf(m)} keys`, 'Growth'],
      Object.entries(MEMORY_ROWS).map(([key, label]) => {
        const g = growth(m?.[key])
        return [label, mib(m?.[key]?.empty), mib(m?.[key]?.large), g ? `${g.toFixed(2)}×` : '—']
      }),
    ),
  ]
}
