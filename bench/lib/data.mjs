/** The same data for every tool: small JSON values under user-scoped keys. */
export function makeRecords(count, prefix = 'user') {
  return Array.from({ length: count }, (_, i) => ({
    key: `${prefix}:${String(i).padStart(6, '0')}:state`,
    value: JSON.stringify({ score: i, level: i % 50, lastPlayed: '2026-01-01T00:00:00.000Z' }),
    metadata: { email: `p${i}@example.com`, name: `Player ${i}` },
  }))
}
