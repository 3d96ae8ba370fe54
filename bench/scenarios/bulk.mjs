import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import { createKv } from '../../dist/index.mjs'
import { makeRecords } from '../lib/data.mjs'
import { timeRuns } from '../lib/measure.mjs'
import { treeRssMiB } from '../lib/processes.mjs'
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
  return n
}

/**
 * Seed and dump of `count` keys: kvdev in batches inside workerd, against
 * `wrangler kv bulk put --local` of the same file and a list + get of every
 * key through getPlatformProxy.
 */
export async function run({ counts = [10_000, 100_000], runs = 3, anchorMax = 10_000 } = {}) {
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
    row['kvdev seed'] = await timeRuns(
      async (dir) => {
        const kv = await createKv({ root: dir })
        await kv.store().seed(records)
        await kv.dispose()
      },
      { runs, setup: fresh },
    )
    const seeded = fresh()
    const kv = await createKv({ root: seeded })
    await kv.store().seed(records)
    row['kvdev dump'] = await timeRuns(() => drain(kv.store().dump()), { runs })
    row['kvdev resident memory (MiB, Node + workerd)'] = treeRssMiB()
    await kv.dispose()

    if (count <= anchorMax) {
      row['wrangler kv bulk put --local'] = await timeRuns(
        (dir) => {
          writeFileSync(join(dir, 'seed.json'), JSON.stringify(records))
          wrangler(dir, ['kv', 'bulk', 'put', '--local', '--binding', 'KV', 'seed.json'])
        },
        { runs, setup: fresh },
      )
      const proxy = await getPlatformProxy({ configPath: join(seeded, 'wrangler.jsonc') })
      row['getPlatformProxy list + get each'] = await timeRuns(
        async () => {
          let cursor
          do {
            const page = await proxy.env.KV.list({ cursor })
            for (const key of page.keys) await proxy.env.KV.get(key.name)
            cursor = page.list_complete ? undefined : page.cursor
          } while (cursor)
        },
        { runs: 1 },
      )
      await proxy.dispose()
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    results[count] = row
  }
  return results
}
