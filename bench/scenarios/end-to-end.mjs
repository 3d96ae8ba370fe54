import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TOOLS, withServer } from '../lib/dev-server.mjs'
import { ok } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'

const ROUTES = { 'get-put': '1 get + 1 put', get10: '10 gets' }

async function timed(url) {
  const start = performance.now()
  await ok(url)
  return performance.now() - start
}

/**
 * Whole-request latency of a route, client to client: `sequential` requests one after another,
 * then `clients` concurrent clients each sending `perClient` requests (bounded loops).
 */
export async function run({
  sequential = 100,
  clients = 16,
  perClient = 10,
  warmup = 10,
  tools = Object.keys(TOOLS),
} = {}) {
  const results = {}
  for (const tool of tools) {
    const dir = mkdtempSync(join(tmpdir(), `kvdev-bench-e2e-${tool}-`))
    try {
      results[tool] = await withServer(tool, { persist: dir }, async (url) => {
        await ok(`${url}/api/prepare`, { method: 'POST' })
        const row = {}
        for (const route of Object.keys(ROUTES)) {
          for (let i = 0; i < warmup; i++) await timed(`${url}/api/${route}?p=${i}`)
          const seq = []
          for (let i = 0; i < sequential; i++)
            seq.push(await timed(`${url}/api/${route}?p=${i % 50}`))
          row[`${route} sequential`] = summarise(seq)
          const conc = []
          const start = performance.now()
          await Promise.all(
            Array.from({ length: clients }, async (_, c) => {
              for (let i = 0; i < perClient; i++)
                conc.push(await timed(`${url}/api/${route}?p=${c}`))
            }),
          )
          const wall = performance.now() - start
          row[`${route} ${clients} clients`] = {
            ...summarise(conc),
            rps: (clients * perClient * 1000) / wall,
          }
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

export { ROUTES }
