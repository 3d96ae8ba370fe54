/** The same data for every tool: small JSON values under user-scoped keys. */
export function makeRecords(count, prefix = 'user') {
  return Array.from({ length: count }, (_, i) => ({
    key: `${prefix}:${String(i).padStart(6, '0')}:state`,
    value: JSON.stringify({ score: i, level: i % 50, lastPlayed: '2026-01-01T00:00:00.000Z' }),
    metadata: { email: `p${i}@example.com`, name: `Player ${i}` },
  }))
}

/** A seeded PRNG (mulberry32): the same numbers in [0, 1) on every machine and every run. */
export function createPrng(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
