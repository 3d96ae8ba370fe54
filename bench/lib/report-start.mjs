import { START_ROWS } from '../scenarios/start.mjs'
import { cell, table } from './report.mjs'

const FRESH_BOUND =
  'bound: a fresh store has no namespace yet, and Miniflare stays the one that creates its files: the first KV call waits for Miniflare to load (~150 ms of the main thread) and workerd to start and create them'

const DEV_BOUND =
  "bound: Node's start and kvdev's CLI, server and route modules, where the anchor loads Hono and its node server only; no Vite and no Miniflare are loaded before the first answer, and Node's type stripper (a WebAssembly build of swc, tens of ms to start) starts on a thread of its own while the server and the store open"

/** Each start row against the row it is compared with, the factor allowed, and what bounds it. */
export const START_TARGETS = [
  ['kvdevPage', 'plainPage', 1.3],
  ['kvdevRoute', 'plainPage', 1.5, FRESH_BOUND],
  ['kvdevRouteCreated', 'plainPage', 1.5],
  ['kvdevDev', 'honoNode', 1.5, `${FRESH_BOUND}; then as below`],
  ['kvdevDevCreated', 'honoNode', 1.5, DEV_BOUND],
]

/** Rows shown beside an anchor without a target of their own. */
const COMPARED = { kvdevDevVite: 'honoNode' }

const times = (row, anchor) =>
  row?.median && anchor?.median ? `${(row.median / anchor.median).toFixed(2)}×` : '—'

/** The start section: from launching a process to its first useful answer, side by side. */
export function startSection(start) {
  const anchorOf = {
    ...COMPARED,
    ...Object.fromEntries(START_TARGETS.map(([row, anchor]) => [row, anchor])),
  }
  return [
    '## Start: launching to the first useful answer',
    'Each row spawns its process and polls until the path answers 2xx; the rows run in turn within each round (a, b, c, a, b, c…), so the ratios hold on a loaded machine. A *fresh store* is a first start: workerd creates the namespace. A *store already created* is every later start (made untimed by the library, which leaves the probe’s record): the namespace files answer the first KV calls while Miniflare and workerd are not loaded yet. Vite rows: `createServer` + `listen` for bench/fixture (the same app, with a plain `index.html`), with and without `kvdev()`. `kvdev dev` serves bench/fixture/dev (one route reading KV); its anchor is Node plus Hono’s node server answering one route (bench/lib/hono-node.mjs). kvdev’s runtime opens on the first request that needs KV (at once for `kvdev dev`); workerd starts with it on a fresh store, and on demand or once the first answers are out on a created one. `kvdev dev` runs its route files through Node’s module loader (types stripped by Node), without a Vite dev server; `--loader vite` is the way it started before (routes through Vite’s module runner), measured in the same rounds on a created store.',
    table(
      ['Row', 'Time', 'Compared with', 'Ratio'],
      Object.entries(START_ROWS).map(([key, label]) => {
        const anchor = anchorOf[key]
        return [
          label,
          cell(start[key]),
          anchor ? START_ROWS[anchor] : '',
          anchor ? times(start[key], start[anchor]) : '',
        ]
      }),
    ),
  ]
}
