import { fmtMs } from './measure.mjs'
import { cell, table } from './report.mjs'

/** Targets of issue 21's "a million keys" rows this scenario measures. */
export const MILLION_TARGETS = { seedMs: 15_000, dumpAboveIdleMiB: 200 }

const mib = (x) => `${x.toFixed(0)} MB`

/** Target rows for the targets table: the seed's time and the dump's memory at a million keys. */
export function millionTargets(r) {
  const m = r.million
  if (!m) return []
  const rows = []
  const seed = m.seed?.median
  const floor = m.floor?.scaled.median
  rows.push({
    name: 'seed of 1,000,000 keys (wrangler bulk JSON, 1 GB of values) ≤ 15 s',
    measured: seed === undefined ? 'not measured' : fmtMs(seed),
    status: seed === undefined ? '—' : seed <= MILLION_TARGETS.seedMs ? '**met**' : 'missed',
    bound:
      seed === undefined || seed <= MILLION_TARGETS.seedMs
        ? ''
        : `needs ≤ 15 s, is ${(seed / MILLION_TARGETS.seedMs).toFixed(1)}× over; floor: ${m.floor ? `${m.floor.count.toLocaleString('en-US')} blob files + one node:sqlite transaction, scaled to 1,000,000 = ${fmtMs(floor)} (${((floor / seed) * 100).toFixed(0)}% of kvdev's time)` : 'not measured'}: one file per value is Miniflare's format, and creating a million files on this disk is the bound`,
  })
  const above = m.dump?.aboveIdleMiB.median
  rows.push({
    name: '`kvdev dump` of 1,000,000 keys streams, resident memory ≤ 200 MB above idle',
    measured:
      above === undefined
        ? 'not measured'
        : `${mib(above)} above idle (peak ${mib(m.dump.peakMiB.median)}, idle ${mib(m.dump.idleMiB)}), in ${fmtMs(m.dump.time.median)}`,
    status:
      above === undefined ? '—' : above <= MILLION_TARGETS.dumpAboveIdleMiB ? '**met**' : 'missed',
    bound:
      above === undefined || above <= MILLION_TARGETS.dumpAboveIdleMiB
        ? ''
        : `needs ≤ 200 MB above idle, is ${mib(above)}`,
  })
  return rows
}

/** The million-key section: the seed beside its floor, the dump with its memory. */
export function millionSection(m) {
  const n = m.keys.toLocaleString('en-US')
  const rows = []
  if (m.seed)
    rows.push([
      '`kvdev seed` of the bulk file (CLI, fresh store)',
      cell(m.seed),
      fmtMs(m.seed.median / m.keys),
      '',
    ])
  if (m.floor)
    rows.push([
      `floor: blob files + one node:sqlite transaction, ${m.floor.count.toLocaleString('en-US')} of the same records, ×${(m.keys / m.floor.count).toFixed(0)}`,
      `${cell(m.floor.scaled)} (measured ${fmtMs(m.floor.measured.median)})`,
      fmtMs(m.floor.scaled.median / m.keys),
      '',
    ])
  if (m.dump)
    rows.push([
      '`kvdev dump` (CLI, JSON to a pipe)',
      cell(m.dump.time),
      fmtMs(m.dump.time.median / m.keys),
      `${mib(m.dump.peakMiB.median)} peak, ${mib(m.dump.aboveIdleMiB.median)} above idle (${mib(m.dump.idleMiB)})`,
    ])
  return [
    `## A million keys`,
    `The store of bench/lib/store-1m.mjs: ${n} user-scoped keys (\`user:<sub>:player-state\`, \`…:savedata\`, \`…:session:<n>\`…, ten per user), values of 100 B–2 KB of JSON (${(m.valueBytes / 1e9).toFixed(2)} GB in all), identity metadata on three keys in ten, a TTL on the sessions; written as one wrangler bulk JSON file by a seeded PRNG and seeded with \`kvdev seed\` ${m.storeReused ? `on ${m.storeSeededAt} (kept in bench/.tmp/ and reused here)` : 'by this run'}. The seed row times the CLI in a fresh store; the floor is measured at ${m.floor ? m.floor.count.toLocaleString('en-US') : '—'} records in this run and scaled linearly to ${n} (a million files at once would only add its own cleanup to the run). Memory is the CLI process's resident set sampled from /proc (peak = VmHWM); idle is the same CLI's peak answering one \`get\` on the same store.`,
    table(['Operation', 'Time', 'Per key', 'Memory'], rows),
  ]
}
