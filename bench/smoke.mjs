import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

if (!existsSync(join(import.meta.dirname, '../dist/index.mjs'))) {
  console.error(
    '[bench:smoke] dist/ is missing: the bench imports the built package. Run `npm run build` first.',
  )
  process.exit(1)
}
const { runAll } = await import('./run.mjs')
const { writeReport } = await import('./lib/write-report.mjs')
const { ensureLargeStore } = await import('./lib/store-100k.mjs')

// Every scenario at tiny sizes: checks that each still produces numbers, not how fast they are.
const TINY = {
  limits: { iterations: 20 },
  bindingOps: { iterations: 5 },
  inRoute: { runs: 1, reads: 5, writes: 3, tools: ['kvdev', 'hono'] },
  endToEnd: { sequential: 3, clients: 2, perClient: 2, warmup: 1, tools: ['kvdev', 'hono'] },
  coldStart: { runs: 1, tools: ['kvdev'] },
  start: { runs: 1 },
  cli: { runs: 1, wranglerRuns: 1, warmup: false },
  bulk: { counts: [50], runs: 1, anchorRuns: 1 },
  growth: { counts: [20, 50], iterations: 3, runs: 1 },
  largeCount: 200,
  inspector: { runs: 1, tools: ['kvdev'] },
  // The small store in place of the million-key one: the smoke run checks the rows, not the size.
  millionMemory: {
    runs: 1,
    ensureStore: async () => {
      const store = await ensureLargeStore(200)
      return { persistTo: store.path, keys: store.count }
    },
  },
}

const r = await runAll(TINY)
const problems = [...r.notes.filter((n) => n.includes('failed'))]
const numbers = (value, path) => {
  if (value && typeof value === 'object') {
    if ('error' in value) problems.push(`${path}: ${value.error}`)
    for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`)
  } else if (typeof value === 'number' && !Number.isFinite(value))
    problems.push(`${path} is ${value}`)
}
for (const key of [
  'limits',
  'bindingOps',
  'inRoute',
  'endToEnd',
  'coldStart',
  'start',
  'cli',
  'bulk',
  'growth',
  'inspector',
  'millionMemory',
]) {
  if (!r[key] || Object.keys(r[key]).length === 0) problems.push(`${key} produced no results`)
  numbers(r[key], key)
}
mkdirSync(join(import.meta.dirname, '.tmp'), { recursive: true })
writeFileSync(join(import.meta.dirname, '.tmp/BENCHMARKS.smoke.md'), writeReport(r))
if (problems.length) {
  console.error(`[bench:smoke] ${problems.length} problem(s):\n- ${problems.join('\n- ')}`)
  process.exit(1)
}
console.error(`[bench:smoke] every scenario produced numbers in ${(r.tookMs / 1000).toFixed(1)} s`)
