import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withServer } from '../lib/dev-server.mjs'
import { ok } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'
import { WRANGLER } from '../lib/wrangler.mjs'

const BIN = join(import.meta.dirname, '../../bin/kvdev.mjs')
const FIXTURE = join(import.meta.dirname, '../fixture')

/** Whole-command wall time, like hyperfine: spawn, run, exit; `runs` times after one warm-up. */
function timeCommand(cmd, args, { cwd, runs, warmup = true }) {
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' }
  const once = () => {
    const start = performance.now()
    const result = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' })
    if (result.status !== 0)
      throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 300)}`)
    return performance.now() - start
  }
  if (warmup) once()
  return summarise(Array.from({ length: runs }, once))
}

/**
 * `kvdev get` / `kvdev set` (the built bin) through a running dev server and directly on the
 * store, against `wrangler kv key get/put --local` on the same store. All on the same Node.
 */
export async function run({ runs = 7, wranglerRuns = 5, warmup = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-cli-'))
  copyFileSync(join(FIXTURE, 'wrangler.jsonc'), join(dir, 'wrangler.jsonc'))
  const persist = join(dir, 'state')
  const node = process.execPath
  const kvdev = (...args) => [BIN, ...args, '--persist-to', persist, '--quiet']
  const wrangler = (...args) => [
    WRANGLER,
    'kv',
    'key',
    ...args,
    '--local',
    '--binding',
    'KV',
    '--persist-to',
    persist,
  ]
  const results = {}
  try {
    results['node -e 0 (process floor)'] = timeCommand(node, ['-e', '0'], {
      cwd: dir,
      runs,
      warmup,
    })
    results['kvdev set (direct)'] = timeCommand(node, kvdev('set', 'hot', '{"score":1}'), {
      cwd: dir,
      runs,
      warmup,
    })
    results['kvdev get (direct)'] = timeCommand(node, kvdev('get', 'hot'), {
      cwd: dir,
      runs,
      warmup,
    })
    await withServer('kvdev', { persist }, async (url) => {
      await ok(`${url}/api/ping`)
      results['kvdev get (dev server running)'] = timeCommand(node, kvdev('get', 'hot'), {
        cwd: dir,
        runs,
        warmup,
      })
      results['kvdev set (dev server running)'] = timeCommand(
        node,
        kvdev('set', 'hot', '{"score":2}'),
        { cwd: dir, runs, warmup },
      )
    })
    results['wrangler kv key get --local'] = timeCommand(node, wrangler('get', 'hot'), {
      cwd: dir,
      runs: wranglerRuns,
      warmup,
    })
    results['wrangler kv key put --local'] = timeCommand(
      node,
      wrangler('put', 'hot', '{"score":3}'),
      { cwd: dir, runs: wranglerRuns, warmup },
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}
