import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, relative } from 'node:path'
import { fmtMs } from './lib/measure.mjs'
import { ensureLargeStore } from './lib/store-100k.mjs'
import { writeReport } from './lib/write-report.mjs'

/** Full sizes for `npm run bench`; `bench/smoke.mjs` passes tiny ones. */
export const FULL = {
  limits: { iterations: 2000 },
  bindingOps: { iterations: 200 },
  inRoute: { runs: 5, reads: 500, writes: 50 },
  endToEnd: { sequential: 100, clients: 16, perClient: 10 },
  coldStart: { runs: 3 },
  start: { runs: 5 },
  cli: { runs: 7, wranglerRuns: 5 },
  bulk: { counts: [10_000, 100_000], runs: 3, anchorRuns: 2 },
  growth: { counts: [1000, 10_000, 100_000], iterations: 100, runs: 3, million: true },
  million: { seedRuns: 1, floorCount: 100_000, dumpRuns: 1 },
  largeCount: 100_000,
  inspector: { runs: 5 },
  millionMemory: { runs: 3 },
  millionQueries: { runs: 5, cliRuns: 3 },
}

const SCENARIOS = [
  ['limits', './scenarios/limits.mjs'],
  ['bindingOps', './scenarios/binding-ops.mjs'],
  ['inRoute', './scenarios/in-route.mjs'],
  ['endToEnd', './scenarios/end-to-end.mjs'],
  ['coldStart', './scenarios/cold-start.mjs'],
  ['start', './scenarios/start.mjs'],
  ['cli', './scenarios/cli.mjs'],
  ['bulk', './scenarios/bulk.mjs'],
  ['growth', './scenarios/growth.mjs'],
  ['million', './scenarios/million.mjs'],
  ['inspector', './scenarios/inspector.mjs'],
  ['millionMemory', './scenarios/million-memory.mjs'],
  ['millionQueries', './scenarios/million-queries.mjs'],
]

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')

/** Runs every scenario in order; one failing scenario is recorded, the rest still run. */
export async function runAll(sizes = FULL, { log = console.error, only } = {}) {
  const started = performance.now()
  const r = {
    startedAt: new Date().toISOString(),
    cpus: cpus().length,
    load: { start: load() },
    notes: [],
  }
  r.extraVersions = {
    'Node (dev servers and CLIs, child processes)': process.version,
  }
  const major = Number(process.versions.node.split('.')[0])
  if (major !== 22)
    r.notes.push(
      `The bench process ran on Node ${process.version}; the figures are meant for Node 22 (run \`npm run bench\` with Node 22 first on PATH).`,
    )
  for (const [name, file] of SCENARIOS) {
    if (only && !only.includes(name)) continue
    // A scenario without sizes is not part of this run (the smoke run has no million keys).
    if (sizes[name] === undefined) continue
    const t = performance.now()
    log(`[bench] ${name}…`)
    try {
      const { run } = await import(file)
      if (name === 'inspector' || name === 'bulk') {
        r.large ??= await ensureLargeStore(sizes.largeCount)
        r.largeNote = r.large.reused
          ? `The ${r.large.count.toLocaleString('en-US')}-key store was seeded once (on ${r.large.seededAt}, in ${fmtMs(r.large.seedMs)}) into bench/.tmp/ and reused by this run; delete ${relative(join(import.meta.dirname, '..'), r.large.path)} to rebuild it.`
          : `The ${r.large.count.toLocaleString('en-US')}-key store was seeded by this run (in ${fmtMs(r.large.seedMs)}) into bench/.tmp/ and is kept for later runs.`
      }
      // The million-key store (bench/lib/store-1m.mjs): seeded once, kept in bench/.tmp/.
      if (name === 'millionQueries') {
        const { ensureStore1m } = await import('./lib/store-1m.mjs')
        r.store1m ??= await ensureStore1m()
      }
      r[name] = await run({
        ...sizes[name],
        ...(name === 'millionQueries' ? { store: r.store1m } : {}),
        ...(name === 'inspector' || name === 'bulk' ? { large: r.large, store: r.large.path } : {}),
      })
    } catch (error) {
      r[name] = undefined
      r.notes.push(`Scenario ${name} failed: \`${String(error.message).split('\n')[0]}\``)
    }
    log(`[bench] ${name} done in ${fmtMs(performance.now() - t)}`)
  }
  r.bulkNote = `Every seed below is measured in this run, each in a fresh store. \`wrangler kv bulk put --local\` runs at ${sizes.bulk.counts.filter((c) => c <= 10_000).join(', ') || 'no'} keys only (100,000 keys through it would take minutes per run); at 100,000 keys the anchor is kvdev's own seed before this version, 90.8 s: the earlier run's figure, not measured here. The floor row is the store's physical limit, measured here too: one blob file per value plus one node:sqlite transaction for every entry row (bench/lib/seed-floor.mjs).`
  if (r.limits && !r.limits['SQLite (node:sqlite)'])
    r.notes.push('This Node has no node:sqlite, so the SQLite floors are unavailable.')
  r.load.end = load()
  r.tookMs = performance.now() - started
  return r
}

const RESULTS = join(import.meta.dirname, '.tmp/results.json')

if (import.meta.url === `file://${process.argv[1]}`) {
  // `--report`: render BENCHMARKS.md again from the last results, measuring nothing.
  // `--only=a,b`: run those scenarios alone and merge them into the last results (said in the notes).
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',')
  let r
  if (process.argv.includes('--report')) r = JSON.parse(readFileSync(RESULTS, 'utf8'))
  else if (only && !existsSync(RESULTS)) r = await runAll(FULL, { only })
  else if (only) {
    const previous = JSON.parse(readFileSync(RESULTS, 'utf8'))
    const part = await runAll(FULL, { only })
    r = {
      ...previous,
      large: part.large ?? previous.large,
      largeNote: part.largeNote ?? previous.largeNote,
      bulkNote: part.bulkNote,
    }
    for (const name of only) r[name] = part[name]
    r.notes = [
      ...previous.notes.filter(
        (n) => !only.some((name) => n.startsWith(`Scenario ${name} failed`)),
      ),
      ...part.notes,
      `Scenario(s) ${only.join(', ')} ran in a second invocation (${part.startedAt}, ${fmtMs(part.tookMs)}, load average ${part.load.start} → ${part.load.end}); every ratio still compares figures measured side by side within one scenario.`,
    ]
  } else r = await runAll()
  mkdirSync(join(import.meta.dirname, '.tmp'), { recursive: true })
  writeFileSync(RESULTS, JSON.stringify(r, null, 2))
  writeFileSync(join(import.meta.dirname, '../BENCHMARKS.md'), writeReport(r))
  console.error(`[bench] wrote BENCHMARKS.md in ${fmtMs(r.tookMs)}`)
}
