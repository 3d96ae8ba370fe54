/** Timing helpers: every figure is a median over repeated runs, with its spread. */

export function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), n: sorted.length }
}

/** Runs `fn` `iterations` times after `warmup` runs; returns per-call ms. */
export async function timeEach(fn, { iterations = 200, warmup = 20 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(i)
  const samples = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await fn(i)
    samples.push(performance.now() - start)
  }
  return summarise(samples)
}

/** Times a whole task `runs` times (fresh state each time via `setup`). */
export async function timeRuns(task, { runs = 3, setup } = {}) {
  const samples = []
  for (let i = 0; i < runs; i++) {
    const state = setup ? await setup(i) : undefined
    const start = performance.now()
    await task(state, i)
    samples.push(performance.now() - start)
  }
  return summarise(samples)
}

export function fmtMs(ms) {
  if (ms < 0.01) return `${(ms * 1000).toFixed(2)} µs`
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`
  return `${(ms / 1000).toFixed(2)} s`
}
