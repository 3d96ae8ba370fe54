import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { firstUrl } from '../lib/first-url.mjs'
import { ok } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'

const BIN = join(import.meta.dirname, '../../bin/kvdev.mjs')

/**
 * The inspector API's requests at 1,000,000 keys, each with its target in ms. Deep pages are
 * asked from cursors half-way down the list (a cursor is base64 of the last key listed), each
 * a page not listed before, so each costs what a later page costs when first scrolled to.
 */
export const API_ROWS = {
  count: { label: 'exact count (all keys)', target: 50 },
  first100: { label: 'inspector: first page (limit 100)', target: 10 },
  first1000: { label: 'inspector: first page (limit 1,000)', target: 10 },
  deep1000: {
    label: 'inspector: a page deep in the list, never listed before (limit 1,000)',
    target: 10,
  },
  searchCommon: { label: 'search, a common match (100 of 1,000,000)', target: 250 },
  searchRare: { label: 'search, a rare match (4 keys)', target: 250 },
  searchNone: { label: 'search, no match (a scan of every key)', target: 250 },
}

/** The CLI's commands on the same store, timed from spawn to exit (Node's start included). */
export const CLI_ROWS = {
  listSearchRare: { label: '`kvdev list --search` (a rare match)', target: 250 },
  listSearchNone: { label: '`kvdev list --search` (no match)', target: 250 },
  stats: { label: '`kvdev stats`', target: 1000 },
}

/** Key names in the store `store-1m.mjs` seeds: `user:<7 digits>:<kind>`, four kinds per user. */
const NONE = 'no-key-holds-this'

function api(url, path, query) {
  return `${url}/__kv/api/${path}?${new URLSearchParams({ binding: 'KV', ...query })}`
}

/** `url`: the same request each time, or a function of the run giving a new one. */
async function timeGet(url, runs) {
  const samples = []
  let body
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now()
    const res = await ok(typeof url === 'function' ? url(i) : url)
    if (i > 0) samples.push(performance.now() - start)
    body = JSON.parse(res.body)
  }
  return { ...summarise(samples), returned: body.keys?.length ?? body.total }
}

function runCli(args, cwd) {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      err += d
    })
    child.on('exit', (code) =>
      code === 0
        ? resolve({ ms: performance.now() - start, out })
        : reject(new Error(`kvdev ${args.join(' ')} exited ${code}: ${err.slice(0, 300)}`)),
    )
  })
}

async function timeCli(args, cwd, runs) {
  const samples = []
  let first
  for (let i = 0; i < runs + 1; i++) {
    const { ms } = await runCli(args, cwd)
    if (i === 0) first = ms
    else samples.push(ms)
  }
  return { ...summarise(samples), firstMs: first }
}

/** Starts `kvdev dev` on the store; resolves its URL and a close function. */
function startDev(root, persistTo) {
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--persist-to', persistTo], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => {
    stderr += d
  })
  const close = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGINT')
    await exited
  }
  const ready = firstUrl(child, () => stderr, { loopback: true })
  return { ready, close }
}

/**
 * At 1,000,000 keys (bench/lib/store-1m.mjs): the inspector API's count, pages and searches
 * through `kvdev dev`, timed from request to last byte on 127.0.0.1; then, with the server
 * stopped, `kvdev list --search` and `kvdev stats` on the store's files, spawn to exit.
 * The first request of each row is left out (its SQLite pages may come from disk).
 */
export async function run({ store, runs = 5, cliRuns = 3 } = {}) {
  const { root, persistTo } = store
  const results = { keys: store.keys, api: {}, cli: {} }
  const dev = startDev(root, persistTo)
  try {
    const url = await dev.ready
    const half = Math.floor(store.keys / 8)
    // Users are numbered from 0, four keys each: run i starts past user half + 1000 i, a page no
    // earlier request listed (the values' types are not known yet).
    const cursorAt = (i) =>
      Buffer.from(`user:${String(half + 1000 * i).padStart(7, '0')}:`).toString('base64')
    const queries = {
      count: api(url, 'count', {}),
      first100: api(url, 'keys', { limit: '100' }),
      first1000: api(url, 'keys', { limit: '1000' }),
      deep1000: (i) => api(url, 'keys', { limit: '1000', cursor: cursorAt(i) }),
      searchCommon: api(url, 'keys', { limit: '100', search: 'profile' }),
      searchRare: api(url, 'keys', { limit: '100', search: `${String(half).padStart(7, '0')}:` }),
      searchNone: api(url, 'keys', { limit: '100', search: NONE }),
    }
    for (const [row, query] of Object.entries(queries))
      results.api[row] = await timeGet(query, runs)
  } finally {
    await dev.close()
  }
  const rare = `${String(Math.floor(store.keys / 8)).padStart(7, '0')}:`
  const persist = ['--persist-to', persistTo, '--quiet']
  results.cli.listSearchRare = await timeCli(['list', '--search', rare, ...persist], root, cliRuns)
  results.cli.listSearchNone = await timeCli(['list', '--search', NONE, ...persist], root, cliRuns)
  results.cli.stats = await timeCli(['stats', '--json', ...persist], root, cliRuns)
  results.cli.nodeAlone = await timeCli(['--version'], root, cliRuns)
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [root, persistTo, keys = '1000000'] = process.argv.slice(2)
  console.log(
    JSON.stringify(await run({ store: { root, persistTo, keys: Number(keys) } }), null, 2),
  )
}
