import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKvRuntime } from '../../dist/index.mjs'
import { makeRecords } from '../lib/data.mjs'
import { timeEach, timeRuns } from '../lib/measure.mjs'
import { ensureStore1m } from '../lib/store-1m.mjs'
import { firstRecords } from './million.mjs'

const FIXTURE = join(import.meta.dirname, '../fixture')

/** What each column of the growth table times, on a kvdev `createKvRuntime` over a store of n keys. */
export const GROWTH_OPS = [
  'get (a different key each call)',
  'put',
  'list first page (`env.KV.list()`, 1,000 keys)',
  'inspector first page (`store.list`, 1,000 keys with size + type)',
  'count (exact)',
  'dump (every key)',
]

/** Rows whose work is every key by definition: linear growth is their nature, not a missing index. */
/** Rows linear by nature, with what makes them so (no index can serve them in less). */
export const LINEAR_BY_NATURE = new Map([
  ['dump (every key)', 'reads every key'],
  [
    'count (exact)',
    'SQLite walks the pages of one of Miniflare’s indexes to count: its b-trees keep no count, and a counter kept beside them would be a table of our own in Miniflare’s database',
  ],
])

/**
 * The operations of GROWTH_OPS on one runtime over a store of `count` keys; `records` are keys
 * of that store to read, and to write back as they are (value and metadata, no expiry), so the
 * store holds the same data afterwards.
 */
async function measure(kv, count, records, { iterations, runs }) {
  const store = kv.store()
  const spread = (i) => records[(i * 7919) % records.length]
  const [get, put, list, page, counted, dump] = GROWTH_OPS
  const row = {}
  row[get] = await timeEach((i) => kv.env.KV.get(spread(i).key), { iterations })
  row[put] = await timeEach(
    (i) => kv.env.KV.put(spread(i).key, spread(i).value, { metadata: spread(i).metadata }),
    { iterations },
  )
  row[list] = await timeRuns(() => kv.env.KV.list(), { runs })
  row[page] = await timeRuns(() => store.list({ limit: 1000 }), { runs })
  row[counted] = await timeRuns(
    async () => {
      const n = await store.count()
      if (n !== count) throw new Error(`count said ${n} of ${count}`)
    },
    { runs },
  )
  row[dump] = await timeRuns(
    async () => {
      let n = 0
      for await (const batch of store.dump()) n += batch.length
      if (n !== count) throw new Error(`dump read ${n} of ${count}`)
    },
    { runs: count >= 1_000_000 ? 1 : runs },
  )
  return row
}

/**
 * Cost as the store grows: the same operations on a persisted store seeded with each of
 * `counts` keys, so a reader sees how each one scales. Per-call ops are medians over
 * `iterations` calls; count, the first pages and dump over `runs` (dump once at a million).
 * `million`: a last column on the million-key store (bench/lib/store-1m.mjs), whose records
 * differ (values of 100 B–2 KB); its puts rewrite keys without an expiry with their own values.
 */
export async function run({
  counts = [1000, 10_000, 100_000],
  iterations = 100,
  runs = 3,
  million = false,
} = {}) {
  const results = {}
  for (const count of counts) {
    const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-growth-'))
    copyFileSync(join(FIXTURE, 'wrangler.jsonc'), join(dir, 'wrangler.jsonc'))
    const records = makeRecords(count)
    const kv = await createKvRuntime({ root: dir })
    try {
      await kv.store().seed(records)
      results[count] = await measure(kv, count, records, { iterations, runs })
    } finally {
      await kv.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  if (million) {
    const store = await ensureStore1m()
    // The bulk file's first records: their random user ids spread them across the key order.
    const records = (await firstRecords(store.bulkFile, 20_000)).filter(
      (r) => r.expiration_ttl === undefined,
    )
    const kv = await createKvRuntime({ root: store.root, persist: store.persistTo })
    try {
      results[store.keys] = await measure(kv, store.keys, records, { iterations, runs })
    } finally {
      await kv.dispose()
    }
  }
  return results
}
