import { TOOLS, withServer } from '../lib/dev-server.mjs'
import { ok } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'

const EXPLORER = '/cdn-cgi/local/explorer/api/storage/kv/namespaces/bench'

/** What each tool's key browser is asked, at 100k keys (kvdev: as its page asks, use-key-pages.ts). */
export const QUERIES = {
  'first page the inspector loads (limit 100)': {
    kvdev: '/__kv/api/keys?binding=KV&prefix=&limit=100',
    cloudflare: `${EXPLORER}/keys?limit=100`,
  },
  'first page (limit 1,000)': {
    kvdev: '/__kv/api/keys?binding=KV&prefix=&limit=1000',
    cloudflare: `${EXPLORER}/keys?limit=1000`,
  },
  'prefix search `user:0001` (limit 1,000)': {
    kvdev: '/__kv/api/keys?binding=KV&prefix=user:0001&limit=1000',
    cloudflare: `${EXPLORER}/keys?prefix=user:0001&limit=1000`,
  },
  'count (all keys)': { kvdev: '/__kv/api/count?binding=KV&prefix=' },
}

async function timeQuery(url, runs) {
  const first = performance.now()
  const res = await ok(url)
  const firstMs = performance.now() - first
  const samples = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await ok(url)
    samples.push(performance.now() - start)
  }
  const body = JSON.parse(res.body)
  const returned = body.keys?.length ?? body.result?.length ?? body.matched ?? body.total
  return { ...summarise(samples), firstMs, bytes: res.body.length, returned }
}

/**
 * Against a dev server holding the large store: the inspector API (kvdev) and the Local Explorer
 * API (@cloudflare/vite-plugin), timed from a client on 127.0.0.1 (server time plus a local round
 * trip); then resident memory of the whole server tree (Node + workerd) for every tool.
 */
export async function run({ store, runs = 5, writeRuns = 3, tools = Object.keys(TOOLS) } = {}) {
  const results = { queries: {}, memory: {}, writes: {} }
  for (const tool of tools) {
    try {
      await withServer(tool, { persist: store }, async (url, server) => {
        await ok(`${url}/api/ping`)
        for (const [name, paths] of Object.entries(QUERIES)) {
          if (!paths[tool]) continue
          results.queries[name] ??= {}
          results.queries[name][tool] = await timeQuery(`${url}${paths[tool]}`, runs)
        }
        results.memory[tool] = server.rssMiB()
        // Writes at this size too: a put then a delete of the same 20 keys, so the store is unchanged.
        for (const op of ['put', 'delete']) {
          const samples = []
          for (let i = 0; i < writeRuns; i++) {
            samples.push(JSON.parse((await ok(`${url}/api/ops?op=${op}&n=20`)).body).perOpMs)
          }
          results.writes[op] ??= {}
          results.writes[op][tool] = summarise(samples)
        }
      })
    } catch (error) {
      results.memory[tool] = { error: error.message.split('\n')[0] }
    }
  }
  return results
}
