import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createKvRuntime } from '../../dist/index.mjs'
import { makeRecords } from './data.mjs'

export const FIXTURE = join(import.meta.dirname, '../fixture')
const TMP = join(import.meta.dirname, '../.tmp')
/** A wrangler `--persist-to` directory holding a large store of `count` keys, reused across runs. */
export const largeStorePath = (count) => join(TMP, count === 100_000 ? 'kv-100k' : `kv-${count}`)

/**
 * The large store the inspector scenario reads, built once and kept between runs (the bulk
 * scenario times 100k-key seeds itself); this seed's own timing is recorded with it.
 * @returns {Promise<{ path: string, count: number, seedMs: number, seededAt: string, reused: boolean }>}
 */
export async function ensureLargeStore(count = 100_000) {
  const LARGE_STORE = largeStorePath(count)
  const MARK = join(LARGE_STORE, 'bench-seeded.json')
  if (existsSync(MARK)) {
    const mark = JSON.parse(readFileSync(MARK, 'utf8'))
    if (mark.count === count) return { ...mark, path: LARGE_STORE, reused: true }
  }
  const building = `${LARGE_STORE}.building`
  rmSync(building, { recursive: true, force: true })
  mkdirSync(building, { recursive: true })
  const kv = await createKvRuntime({ root: FIXTURE, persist: building })
  const start = performance.now()
  await kv.store().seed(makeRecords(count))
  const seedMs = performance.now() - start
  await kv.dispose()
  rmSync(join(building, 'kvdev'), { recursive: true, force: true })
  rmSync(LARGE_STORE, { recursive: true, force: true })
  renameSync(building, LARGE_STORE)
  const mark = { count, seedMs, seededAt: new Date().toISOString() }
  writeFileSync(MARK, JSON.stringify(mark))
  return { ...mark, path: LARGE_STORE, reused: false }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await ensureLargeStore(Number(process.argv[2] ?? 100_000)))
}
