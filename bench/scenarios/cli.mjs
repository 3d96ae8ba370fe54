import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKvRuntime } from '../../dist/index.mjs'
import { withServer } from '../lib/dev-server.mjs'
import { ok } from '../lib/http.mjs'
import { summarise } from '../lib/measure.mjs'
import { WRANGLER } from '../lib/wrangler.mjs'

const BIN = join(import.meta.dirname, '../../bin/kvdev.mjs')
const FIXTURE = join(import.meta.dirname, '../fixture')

/** Each kvdev command, the wrangler command it is compared with, and both argument lists. */
export const COMMANDS = {
  get: { kvdev: ['get', 'hot'], wrangler: 'get', args: ['get', 'hot'] },
  set: {
    kvdev: ['set', 'hot', '{"score":2}'],
    wrangler: 'put',
    args: ['put', 'hot', '{"score":3}'],
  },
  'list (5 keys)': {
    kvdev: ['list', '--prefix', 'few:'],
    wrangler: 'list',
    args: ['list', '--prefix', 'few:'],
  },
  // wrangler has no inspect: a key's value with its details is a `get` there.
  inspect: { kvdev: ['inspect', 'hot'], wrangler: 'get', args: ['get', 'hot'] },
}
export const MODES = ['no dev server', 'dev server running']
export const wranglerName = (cmd) => `wrangler kv key ${cmd} --local`

/**
 * Whole-command wall time, like hyperfine: spawn, run, exit; `runs` times after one warm-up.
 * Given several commands, their runs alternate (a, b, a, b…), so a ratio between them holds
 * on a loaded machine where their absolute times drift.
 */
function timeCommands(commands, { cwd, runs, warmup = true }) {
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' }
  const once = ([cmd, args]) => {
    const start = performance.now()
    const result = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' })
    if (result.status !== 0)
      throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 300)}`)
    return performance.now() - start
  }
  if (warmup) for (const c of commands) once(c)
  const samples = commands.map(() => [])
  for (let i = 0; i < runs; i++) for (const [j, c] of commands.entries()) samples[j].push(once(c))
  return samples.map(summarise)
}
const timeCommand = (cmd, args, opts) => timeCommands([[cmd, args]], opts)[0]

/** The key of `node -e 0` timed beside (interleaved with) one kvdev command. */
export const floorBeside = (name, mode) => `node -e 0 (beside kvdev ${name}, ${mode})`

/**
 * `kvdev get / set / list / inspect` (the built bin) with no dev server (on the store's files)
 * and through a running dev server, against `wrangler kv key get / put / list --local` on the
 * same store of a few keys. All on the same Node 22; `node -e 0` is the floor of any command.
 */
export async function run({ runs = 7, wranglerRuns = 5, warmup = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-bench-cli-'))
  copyFileSync(join(FIXTURE, 'wrangler.jsonc'), join(dir, 'wrangler.jsonc'))
  const persist = join(dir, 'state')
  const node = process.execPath
  const opts = (n) => ({ cwd: dir, runs: n, warmup })
  const kvdev = (args) => [BIN, ...args, '--persist-to', persist, '--quiet']
  const wrangler = (args) => [
    WRANGLER,
    ...['kv', 'key', ...args, '--local', '--binding', 'KV', '--persist-to', persist],
  ]
  const results = {}
  try {
    const kv = await createKvRuntime({ root: dir, persist })
    await kv
      .store()
      .seed([
        { key: 'hot', value: '{"score":1}', metadata: { name: 'Ada' } },
        ...Array.from({ length: 5 }, (_, i) => ({ key: `few:${i}`, value: `value ${i}` })),
      ])
    await kv.dispose()
    results['node -e 0 (process floor)'] = timeCommand(node, ['-e', '0'], opts(runs))
    const kvdevAll = (mode) => {
      for (const [name, c] of Object.entries(COMMANDS)) {
        const [k, floor] = timeCommands(
          [
            [node, kvdev(c.kvdev)],
            [node, ['-e', '0']],
          ],
          opts(runs),
        )
        results[`kvdev ${name} (${mode})`] = k
        results[floorBeside(name, mode)] = floor
      }
    }
    kvdevAll(MODES[0])
    await withServer('kvdev', { persist }, async (url) => {
      await ok(`${url}/api/ping`)
      kvdevAll(MODES[1])
    })
    for (const c of new Set(Object.values(COMMANDS).map((c) => c.wrangler))) {
      const { args } = Object.values(COMMANDS).find((x) => x.wrangler === c)
      results[wranglerName(c)] = timeCommand(node, wrangler(args), opts(wranglerRuns))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}
