import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKvRuntime } from '../../dist/index.mjs'
import { makeRecords } from '../lib/data.mjs'
import { timeEach, timeRuns } from '../lib/measure.mjs'

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

/**
 * Cost as the store grows: the same operations on a persisted store seeded with each of
 * `counts` keys, so a reader sees how each one scales. Per-call ops are medians over
 * `iterations` calls; count, the first pages and dump over `runs`.
 */
export async function run({ counts = [1000, 10_000, 100_000], iterations = 100, runs = 3 } = {}) {
  const results = {}
  for (const count of counts) {
    const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-growth-'))
    copyFileSync(join(FIXTURE, 'wrangler.jsonc'), join(dir, 'wrangler.jsonc'))
    const records = makeRecords(count)
    const kv = await createKvRuntime({ root: dir })
    try {
      await kv.store().seed(records)
      const store = kv.store()
      const spread = (i) => records[(i * 7919) % count].key
      const [get, put, list, page, counted, dump] = GROWTH_OPS
      const row = {}
      row[get] = await timeEach((i) => kv.env.KV.get(spread(i)), { iterations })
      row[put] = await timeEach((i) => kv.env.KV.put(spread(i), `value ${i}`), { iterations })
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
        { runs },
      )
      results[count] = row
    } finally {
      await kv.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return results
}
