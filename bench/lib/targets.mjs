import { fmtMs } from './measure.mjs'

const med = (s) => (s && typeof s.median === 'number' ? s.median : undefined)

/**
 * One target: kvdev must be `factor`× faster than the anchor (or under `maxMs`). A missed target
 * names its floor: the cheapest measured way to do the same work, which kvdev cannot beat.
 */
function target({ name, kvdev, anchor, factor, maxMs, floor }) {
  const k = med(kvdev)
  const a = med(anchor)
  if (k === undefined || (factor && a === undefined))
    return {
      name,
      measured: 'not measured',
      status: '—',
      bound: 'a side failed to run (see its table)',
    }
  const need = factor ? a / factor : maxMs
  const measured = factor
    ? `${fmtMs(k)} vs ${fmtMs(a)}: ${(a / k).toFixed(a / k >= 100 ? 0 : 1)}×`
    : fmtMs(k)
  if (k <= need) return { name, measured, status: '**met**', bound: '' }
  const off = `needs ≤ ${fmtMs(need)}, is ${(k / need).toFixed(1)}× over`
  const f = floor && med(floor.summary)
  const bound =
    f === undefined
      ? off
      : `${off}; floor: ${floor.label} = ${fmtMs(f)} (${((f / k) * 100).toFixed(0)}% of kvdev's time)`
  return { name, measured, status: 'missed', bound }
}

export function evaluateTargets(r) {
  const route = r.inRoute ?? {}
  const e2e = r.endToEnd ?? {}
  const cli = r.cli ?? {}
  const bulk = r.bulk?.[10_000] ?? {}
  const mf = r.bindingOps?.['Miniflare getKVNamespace'] ?? {}
  const firstPage = r.inspector?.queries?.['first page (limit 1,000)']?.kvdev
  const namesOnly = r.bulk?.[r.large?.count]?.['first 1,000 names, `store.keys()` (one KV list)']
  return [
    target({
      name: '`c.env.KV.get` (hot key) in a route ≥ 20× faster than getPlatformProxy',
      kvdev: route.kvdev?.['get-hit'],
      anchor: route.hono?.['get-hit'],
      factor: 20,
    }),
    target({
      name: '`c.env.KV.put` in a route ≥ 2× faster than getPlatformProxy',
      kvdev: route.kvdev?.put,
      anchor: route.hono?.put,
      factor: 2,
      floor: {
        label: 'a raw Miniflare `getKVNamespace().put` in the same process',
        summary: mf.put,
      },
    }),
    ...['hono', 'cloudflare'].map((tool) =>
      target({
        name: `route with 1 get + 1 put ≥ 2× faster end to end than ${tool === 'hono' ? '@hono/vite-dev-server + cloudflare adapter' : '@cloudflare/vite-plugin'}`,
        kvdev: e2e.kvdev?.['get-put sequential'],
        anchor: e2e[tool]?.['get-put sequential'],
        factor: 2,
        floor: { label: "kvdev's own in-route `put`", summary: route.kvdev?.put },
      }),
    ),
    target({
      name: '`kvdev get` with a dev server running ≥ 10× faster than `wrangler kv key get --local`',
      kvdev: cli['kvdev get (dev server running)'],
      anchor: cli['wrangler kv key get --local'],
      factor: 10,
      floor: {
        label: 'starting Node itself (`node -e 0`)',
        summary: cli['node -e 0 (process floor)'],
      },
    }),
    target({
      name: 'seed of 10,000 keys ≥ 4× faster than `wrangler kv bulk put --local`',
      kvdev: bulk['kvdev seed'],
      anchor: bulk['wrangler kv bulk put --local'],
      factor: 4,
    }),
    target({
      name: `inspector first page (1,000 keys) at ${(r.large?.count ?? 100_000).toLocaleString('en-US')} keys < 200 ms`,
      kvdev: firstPage,
      maxMs: 200,
      floor: {
        label:
          'listing the same 1,000 names without reading their values (in process, `store.keys()`)',
        summary: namesOnly,
      },
    }),
  ]
}
