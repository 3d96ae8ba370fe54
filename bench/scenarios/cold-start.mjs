import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, TOOLS } from '../lib/dev-server.mjs'
import { waitFor } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'

/**
 * From spawning Node with Vite's `createServer` for the fixture to the first 200 from
 * `/api/ping` (a route that reads KV): process start, config, plugin start, KV runtime, app load.
 */
export async function run({ runs = 3, tools = Object.keys(TOOLS) } = {}) {
  const results = {}
  for (const tool of tools) {
    const samples = []
    try {
      for (let i = 0; i < runs; i++) {
        const dir = mkdtempSync(join(tmpdir(), `kvdev-bench-cold-${tool}-`))
        const server = startServer(tool, { persist: dir })
        try {
          const url = await server.ready
          samples.push(await waitFor(`${url}/api/ping`, server.startedAt))
        } finally {
          await server.close()
          rmSync(dir, { recursive: true, force: true })
        }
      }
      results[tool] = summarise(samples)
    } catch (error) {
      results[tool] = { error: error.message.split('\n')[0] }
    }
  }
  return results
}
