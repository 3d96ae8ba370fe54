import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TOOLS, withServer } from '../lib/dev-server.mjs'
import { ok } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'
import { openPutFloor } from '../lib/put-floor.mjs'

export const OPS = ['get-hit', 'get-miss', 'getWithMetadata', 'put', 'list', 'delete']
const WRITES = new Set(['put', 'delete'])

/**
 * Per-operation cost of `c.env.KV` inside a route: the fixture's `/api/ops` loops `n` operations
 * and returns the time per operation, measured in the route itself. Each figure is a median over
 * `runs` requests. Inside workerd (@cloudflare/vite-plugin) the clock only moves across I/O, which
 * every KV op is, so the loop total is still real. Every tool persists its store to disk (as a
 * user's dev server does in `.wrangler/state`), and `/api/prepare`'s writes create the namespace
 * before anything is timed. Beside kvdev's `put`, loop by loop, the bench process times the put
 * floor (bench/lib/put-floor.mjs) on a namespace Miniflare created in the same store directory:
 * `results.floor.put`.
 */
export async function run({ runs = 5, reads = 500, writes = 50, tools = Object.keys(TOOLS) } = {}) {
  const results = {}
  for (const tool of tools) {
    const dir = mkdtempSync(join(tmpdir(), `kvdev-bench-route-${tool}-`))
    try {
      results[tool] = await withServer(tool, { persist: dir }, async (url) => {
        await ok(`${url}/api/prepare`, { method: 'POST' })
        if (!existsSync(join(dir, 'v3/kv')))
          throw new Error(`${tool} did not persist its KV namespace under ${dir}`)
        const floor = tool === 'kvdev' ? await openPutFloor(join(dir, 'floor')) : undefined
        const row = {}
        try {
          for (const op of OPS) {
            const n = WRITES.has(op) || tool !== 'kvdev' ? writes : reads
            const beside = op === 'put' ? floor : undefined
            await ok(`${url}/api/ops?op=${op}&n=${Math.min(n, 10)}`) // warm-up
            beside?.loop(Math.min(n, 10))
            const samples = []
            const floorSamples = []
            for (let i = 0; i < runs; i++) {
              samples.push(JSON.parse((await ok(`${url}/api/ops?op=${op}&n=${n}`)).body).perOpMs)
              if (beside) floorSamples.push(beside.loop(n))
            }
            row[op] = { ...summarise(samples), opsPerRun: n }
            if (beside) results.floor = { put: { ...summarise(floorSamples), opsPerRun: n } }
          }
        } finally {
          floor?.close()
        }
        return row
      })
    } catch (error) {
      results[tool] = { error: error.message.split('\n')[0] }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return results
}
