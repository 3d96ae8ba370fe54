import { execFileSync } from 'node:child_process'
import { copyFileSync, createReadStream, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { runCliMeasured } from '../lib/cli-memory.mjs'
import { summarise } from '../lib/measure.mjs'
import { seedFloorMs } from '../lib/seed-floor.mjs'
import { ensureStore1m, MILLION } from '../lib/store-1m.mjs'

const TMP = join(import.meta.dirname, '../.tmp')
const FIXTURE = join(import.meta.dirname, '../fixture')
const BIN = join(import.meta.dirname, '../../bin/kvdev.mjs')

/** The first `count` records of the bulk file (one record a line, as store-1m.mjs writes it). */
export async function firstRecords(bulkFile, count) {
  const records = []
  const lines = createInterface({ input: createReadStream(bulkFile), crlfDelay: Infinity })
  for await (const line of lines) {
    if (!line.startsWith('{')) continue
    records.push(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line))
    if (records.length === count) break
  }
  lines.close()
  return records
}

/** `kvdev seed` of the million-key bulk file into a fresh store, as a user runs it: ms. */
function seedOnce(bulkFile, dir) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  copyFileSync(join(FIXTURE, 'wrangler.jsonc'), join(dir, 'wrangler.jsonc'))
  const start = performance.now()
  execFileSync(process.execPath, [BIN, 'seed', bulkFile, '--persist-to', 'state', '--quiet'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return performance.now() - start
}

/**
 * A million keys (bench/lib/store-1m.mjs): `kvdev seed` of the 1 GB bulk file, against the
 * floor (blob files + one node:sqlite transaction) at `floorCount` of the same records scaled
 * to a million; `kvdev dump` of every key with the CLI's peak resident memory, against the
 * same CLI's peak on the same store answering one `get` (idle: loaded, store open, nothing
 * streamed). A seed this run already made (the store itself) is the seed's sample.
 */
export async function run({ seedRuns = 1, floorCount = 100_000, dumpRuns = 1 } = {}) {
  const store = await ensureStore1m()
  const result = {
    keys: store.keys,
    valueBytes: store.valueBytes,
    storeSeededAt: store.seededAt,
    storeReused: store.reused,
  }
  const seeds = store.seedSeconds === undefined ? [] : [store.seedSeconds * 1000]
  for (let i = seeds.length; i < seedRuns; i++) {
    const dir = join(TMP, 'million-seed')
    try {
      seeds.push(seedOnce(store.bulkFile, dir))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  if (seeds.length > 0) result.seed = summarise(seeds)
  const sample = await firstRecords(store.bulkFile, floorCount)
  const floorMs = seedFloorMs(sample)
  if (floorMs !== undefined) {
    const scaled = (floorMs * MILLION) / floorCount
    result.floor = {
      count: floorCount,
      measured: summarise([floorMs]),
      scaled: summarise([scaled]),
    }
  }
  const cli = (args) => runCliMeasured(store.root, [...args, '--persist-to', 'state'])
  const idle = await cli(['get', 'absent:key'])
  if (idle.code !== 1)
    throw new Error(`kvdev get of an absent key exited ${idle.code}: ${idle.stderr}`)
  const dumps = []
  for (let i = 0; i < dumpRuns; i++) {
    const dump = await cli(['dump', '--format', 'json', '--quiet'])
    if (dump.code !== 0) throw new Error(`kvdev dump exited ${dump.code}: ${dump.stderr}`)
    if (!dump.head.startsWith('[') || !dump.tail.trimEnd().endsWith(']'))
      throw new Error('kvdev dump did not write one JSON array')
    // `[`, one record a line, `]`.
    if (dump.lines - 2 !== store.keys)
      throw new Error(`kvdev dump wrote ${dump.lines - 2} records of ${store.keys}`)
    dumps.push(dump)
  }
  result.dump = {
    time: summarise(dumps.map((d) => d.ms)),
    bytes: dumps[0].stdoutBytes,
    peakMiB: summarise(dumps.map((d) => d.peakMiB)),
    idleMiB: idle.peakMiB,
    aboveIdleMiB: summarise(dumps.map((d) => d.peakMiB - idle.peakMiB)),
    samples: dumps[0].samples,
  }
  return result
}
