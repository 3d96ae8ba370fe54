import { START_ROWS } from '../scenarios/start.mjs'
import { cell, table } from './report.mjs'

const RUNTIME_BOUND =
  'bound: loading Miniflare and starting workerd before the first KV call (a fresh store: workerd creates its namespace); on a store workerd already created, answering calls from its files until workerd is up would remove most of it'

const DEV_BOUND =
  "bound: the KV runtime's start before the first answer (as above: most of the time in CPU profiles), then Node's start and kvdev's CLI, server and route modules, where the anchor loads Hono and its node server only; no Vite is loaded, and Node's type stripper (a WebAssembly build of swc, tens of ms to start) starts on a thread of its own while the server and the store open"

/** Each start row against the row it is compared with, the factor allowed, and what bounds it. */
export const START_TARGETS = [
  ['kvdevPage', 'plainPage', 1.3],
  ['kvdevRoute', 'plainPage', 1.5, RUNTIME_BOUND],
  ['kvdevDev', 'honoNode', 1.5, DEV_BOUND],
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
    'Each row spawns its process and polls until the path answers 2xx; the rows run in turn within each round (a, b, c, a, b, c…), each on a fresh store, so the ratios hold on a loaded machine. Vite rows: `createServer` + `listen` for bench/fixture (the same app, with a plain `index.html`), with and without `kvdev()`. `kvdev dev` serves bench/fixture/dev (one route reading KV); its anchor is Node plus Hono’s node server answering one route (bench/lib/hono-node.mjs). The KV runtime (Miniflare, workerd) starts on the first request that needs it (at once for `kvdev dev`). `kvdev dev` runs its route files through Node’s module loader (types stripped by Node), without a Vite dev server; `--loader vite` is the way it started before (routes through Vite’s module runner), measured in the same rounds.',
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
