import { COMMANDS, floorBeside, MODES, wranglerName } from '../scenarios/cli.mjs'
import { START_ROWS } from '../scenarios/start.mjs'
import { TOOLS } from './dev-server.mjs'
import { memoryTargets } from './report-memory.mjs'
import { millionTargets } from './report-million.mjs'
import { millionTargets as millionQueryTargets } from './report-million-queries.mjs'
import { START_TARGETS } from './report-start.mjs'
import { fastest, target } from './target.mjs'

/** The in-route op names against the direct-binding ones (the fixture names them differently). */
export const DIRECT_OP = {
  'get-hit': 'get (hit)',
  'get-miss': 'get (miss)',
  getWithMetadata: 'getWithMetadata',
  put: 'put',
  list: 'list (100 keys)',
  delete: 'delete',
}
const MINIFLARE = 'Miniflare getKVNamespace'
const mfFloor = (mf, op) => ({
  label: `a raw Miniflare \`getKVNamespace().${op.split(' ')[0]}\` from Node (direct table)`,
  summary: mf[op],
})

function bindingTargets(r) {
  const route = r.inRoute ?? {}
  const direct = r.bindingOps ?? {}
  const mf = direct[MINIFLARE] ?? {}
  const inRoute = Object.entries(DIRECT_OP).map(([op, directOp]) => {
    const [peer, anchor] = fastest({
      [TOOLS.hono]: route.hono?.[op],
      [TOOLS.cloudflare]: route.cloudflare?.[op],
    })
    return target({
      name: `\`${op}\` in a route at parity with the fastest peer (${peer ?? '—'})`,
      kvdev: route.kvdev?.[op],
      anchor,
      factor: 1,
      floor: mfFloor(mf, directOp),
    })
  })
  const directRows = Object.values(DIRECT_OP).map((op) => {
    const [peer, anchor] = fastest({
      getPlatformProxy: direct.getPlatformProxy?.[op],
      [MINIFLARE]: mf[op],
    })
    return target({
      name: `\`${op}\` called directly at parity with the fastest peer (${peer ?? '—'})`,
      kvdev: direct.kvdev?.[op],
      anchor,
      factor: 1,
      floor: mfFloor(mf, op),
    })
  })
  return [
    target({
      name: '`put` in a route within 2× the floor (one blob file + one node:sqlite transaction, timed alternately with it)',
      kvdev: route.kvdev?.put,
      anchor: route.floor?.put,
      factor: 0.5,
      why: 'bound: the floor itself (a new file, a WAL commit, an unlink) plus the route’s own JS: value coding, the checks Miniflare makes, the cache and the trace',
    }),
    target({
      name: '`c.env.KV.get` (hot key) in a route stays ≥ 20× faster than getPlatformProxy',
      kvdev: route.kvdev?.['get-hit'],
      anchor: route.hono?.['get-hit'],
      factor: 20,
    }),
    ...inRoute,
    ...directRows,
  ]
}

function endToEndTargets(r) {
  const e2e = r.endToEnd ?? {}
  const route = r.inRoute ?? {}
  return ['hono', 'cloudflare'].map((tool) =>
    target({
      name: `route with 1 get + 1 put ≥ 2× faster end to end than ${TOOLS[tool]}`,
      kvdev: e2e.kvdev?.['get-put sequential'],
      anchor: e2e[tool]?.['get-put sequential'],
      factor: 2,
      floor: { label: "kvdev's own in-route `put`", summary: route.kvdev?.put },
    }),
  )
}

function cliTargets(r) {
  const cli = r.cli ?? {}
  const floor = {
    label: 'starting Node itself (`node -e 0`)',
    summary: cli['node -e 0 (process floor)'],
  }
  return MODES.flatMap((mode) =>
    Object.entries(COMMANDS).flatMap(([name, c]) => {
      const kvdev = cli[`kvdev ${name} (${mode})`]
      return [
        target({ name: `\`kvdev ${name}\` (${mode}) < 150 ms`, kvdev, maxMs: 150, floor }),
        target({
          name: `\`kvdev ${name}\` (${mode}) within 2× \`node -e 0\` (timed alternately with it)`,
          kvdev,
          anchor: cli[floorBeside(name, mode)],
          factor: 0.5,
          why:
            mode === MODES[0]
              ? 'bound: Node’s ES module loader (2 ms over `node -e 0`), 20–21 files of dist/ (about 0.3 ms each, compiled code cached), node:crypto for Miniflare’s object id (3 ms), node:sqlite opening the store and reading it (0.7 ms); on a loaded machine each millisecond of CPU stretches'
              : 'bound: what the same command costs on the files (the ES module loader and 18–20 files of dist/: 1.75–1.96× `node -e 0` when measured), plus node:http (2.5 ms to load) and one HTTP request answered by the dev server: 3–7 ms over reading the files, in the same run; no ping precedes it (`server.json` finds the server)',
        }),
        target({
          name: `\`kvdev ${name}\` (${mode}) ≥ 10× faster than \`${wranglerName(c.wrangler)}\``,
          kvdev,
          anchor: cli[wranglerName(c.wrangler)],
          factor: 10,
          floor,
        }),
      ]
    }),
  )
}

function startTargets(r) {
  const start = r.start ?? {}
  return START_TARGETS.map(([row, anchor, factor, why]) =>
    target({
      name: `${START_ROWS[row]} within ${factor}× ${START_ROWS[anchor]}`,
      kvdev: start[row],
      anchor: start[anchor],
      factor: 1 / factor,
      why,
    }),
  )
}

function seedTargets(r) {
  const bulk = r.bulk ?? {}
  const floor = (row, count) => ({
    label: `${count.toLocaleString('en-US')} blob files + one node:sqlite transaction`,
    summary: row['floor: blob files + one node:sqlite transaction'],
  })
  const small = bulk[10_000] ?? {}
  const large = bulk[100_000] ?? {}
  return [
    target({
      name: 'seed of 10,000 keys ≥ 20× faster than `wrangler kv bulk put --local`',
      kvdev: small['kvdev seed'],
      anchor: small['wrangler kv bulk put --local'],
      factor: 20,
      floor: floor(small, 10_000),
    }),
    target({
      name: 'seed of 100,000 keys ≥ 5× faster than 90.8 s (the earlier run’s figure)',
      kvdev: large['kvdev seed'],
      anchor: Object.entries(large).find(([k]) => k.startsWith('kvdev seed before'))?.[1],
      factor: 5,
      floor: floor(large, 100_000),
    }),
  ]
}

function inspectorTargets(r) {
  const q = r.inspector?.queries ?? {}
  const size = (r.large?.count ?? 100_000).toLocaleString('en-US')
  const namesOnly = r.bulk?.[r.large?.count]?.['first 1,000 names, `store.keys()` (one KV list)']
  const page = (query, label) =>
    target({
      name: `inspector ${label} at ${size} keys as fast as Local Explorer or faster`,
      kvdev: q[query]?.kvdev,
      anchor: q[query]?.cloudflare,
      factor: 1,
      floor: {
        label: 'listing the first 1,000 names without their values (in process, `store.keys()`)',
        summary: namesOnly,
      },
    })
  return [
    page(
      'first page the inspector loads (limit 100)',
      'first page (100 keys, what it loads first)',
    ),
    page('first page (limit 1,000)', 'first page (1,000 keys)'),
    target({
      name: `inspector exact count at ${size} keys < 50 ms`,
      kvdev: q['count (all keys)']?.kvdev,
      maxMs: 50,
    }),
  ]
}

export function evaluateTargets(r) {
  return [
    ...bindingTargets(r),
    ...endToEndTargets(r),
    ...startTargets(r),
    ...cliTargets(r),
    ...seedTargets(r),
    ...millionTargets(r),
    ...inspectorTargets(r),
    ...memoryTargets(r.millionMemory),
    ...millionQueryTargets(r.millionQueries),
  ]
}
