import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import { createKvRuntime } from '../../dist/index.mjs'
import { makeRecords } from '../lib/data.mjs'
import { summarise, timeRuns } from '../lib/measure.mjs'
import { seedFloorMs } from '../lib/seed-floor.mjs'
import { wrangler } from '../lib/wrangler.mjs'

const FIXTURE = join(import.meta.dirname, '../fixture')

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-bulk-'))
  copyFileSync(join(FIXTURE, 'wrangler.jsonc'), join(dir, 'wrangler.jsonc'))
  return dir
}

async function drain(pages) {
  let n = 0
  for await (const page of pages) n += page.length
  if (n === 0) throw new Error('dump returned no records')
  return n
}

async function listAndGetEach(kv) {
  let cursor
  let n = 0
  do {
    const page = await kv.list({ cursor })
    for (const key of page.keys) {
      await kv.get(key.name)
      n++
    }
    cursor = page.list_complete ? undefined : page.cursor
  } while (cursor)
  return n
}

/** kvdev's 100,000-key seed before seeds ran on the store's files: the earlier run's figure. */
export const EARLIER_100K_SEED_MS = 90_800
export const EARLIER_LABEL = 'kvdev seed before this version (earlier run, not measured here)'

/**
 * Seed and dump of each of `counts` keys, in this run. kvdev: `store.seed` / `store.dump`. Beside
 * them the physical floor (blob files + one SQLite transaction, see seed-floor.mjs) and, at
 * `anchorMax` keys and below, `wrangler kv bulk put --local` of the same records and
 * getPlatformProxy list + get of every key. `large` is the prebuilt store the inspector reads.
 */
export async function run({
  counts = [10_000, 100_000],
  runs = 3,
  anchorRuns = 2,
  anchorMax = 10_000,
  large,
} = {}) {
  const results = {}
  for (const count of counts) {
    const records = makeRecords(count)
    const dirs = []
    const fresh = () => {
      const dir = project()
      dirs.push(dir)
      return dir
    }
    const row = {}
    const seed = (options) => async (dir) => {
      const kv = await createKvRuntime({ root: dir, ...options })
      const { written } = await kv.store().seed(records)
      await kv.dispose()
      if (written !== count) throw new Error(`seed wrote ${written} of ${count}`)
    }
    row['kvdev seed'] = await timeRuns(seed({}), { runs, setup: fresh })
    const floor = Array.from({ length: runs }, () => seedFloorMs(records))
    if (floor[0] !== undefined)
      row['floor: blob files + one node:sqlite transaction'] = summarise(floor)
    if (count === 100_000) {
      const ms = EARLIER_100K_SEED_MS
      row[EARLIER_LABEL] = { median: ms, p10: ms, p90: ms, n: 1 }
    }
    const seeded = dirs.at(-1)
    const kv = await createKvRuntime({ root: seeded })
    row['kvdev dump'] = await timeRuns(() => drain(kv.store().dump()), { runs })
    await kv.dispose()
    if (count <= anchorMax) {
      row['wrangler kv bulk put --local'] = await timeRuns(
        (dir) => {
          writeFileSync(join(dir, 'seed.json'), JSON.stringify(records))
          wrangler(dir, ['kv', 'bulk', 'put', '--local', '--binding', 'KV', 'seed.json'])
        },
        { runs: anchorRuns, setup: fresh },
      )
      // getPlatformProxy's `persist.path` is the `v3` directory itself (not a --persist-to root).
      const proxy = await getPlatformProxy({
        configPath: join(seeded, 'wrangler.jsonc'),
        persist: { path: join(seeded, '.wrangler/state/v3') },
      })
      row['getPlatformProxy list + get each (dump)'] = await timeRuns(
        async () => {
          const n = await listAndGetEach(proxy.env.KV)
          if (n !== count) throw new Error(`getPlatformProxy read ${n} of ${count} keys`)
        },
        { runs: 1 },
      )
      await proxy.dispose()
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    results[count] = row
  }
  if (large) {
    const row = {}
    const kv = await createKvRuntime({ root: FIXTURE, persist: large.path, lockWaitMs: 30_000 })
    // The inspector's first page, in process: names only (one KV list) against with size and type
    // (which reads every value of the page). The difference is what the page pays for details.
    row['first 1,000 names, `store.keys()` (one KV list)'] = await timeRuns(
      async () => {
        for await (const page of kv.store().keys()) if (page.length) break
      },
      { runs: 5 },
    )
    row['first 1,000 keys with size + type, `store.list()`'] = await timeRuns(
      () => kv.store().list({ limit: 1000 }),
      { runs: 5 },
    )
    await kv.dispose()
    results[large.count] = { ...results[large.count], ...row }
  }
  return results
}
