import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSummary, getPrefix } from '../../src/runtime/stats'

/** Stats as a whole list sorted once: what the running summary must equal. */
function bySorting(entries: [string, number][]) {
  const groups = new Map<string, { keys: number; bytes: number }>()
  for (const [name, size] of entries) {
    const g = groups.get(getPrefix(name)) ?? { keys: 0, bytes: 0 }
    g.keys++
    g.bytes += size
    groups.set(getPrefix(name), g)
  }
  return {
    keys: entries.length,
    bytes: entries.reduce((sum, [, size]) => sum + size, 0),
    largest: [...entries]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10)
      .map(([name, size]) => ({ name, size })),
    prefixes: [...groups]
      .map(([prefix, g]) => ({ prefix, ...g }))
      .sort((a, b) => b.keys - a.keys || (a.prefix < b.prefix ? -1 : 1)),
  }
}

describe('stats summary (issue 21)', () => {
  it('equals stats made by sorting every key, in any order the keys come', () => {
    const entries = fc.uniqueArray(
      fc.tuple(fc.string({ unit: 'binary', maxLength: 6 }), fc.integer({ min: 0, max: 50 })),
      { selector: ([name]) => name, maxLength: 60 },
    )
    fc.assert(
      fc.property(entries, (list) => {
        const summary = createSummary()
        for (const [name, size] of list) summary.add(name, size)
        expect(summary.result()).toEqual(bySorting(list))
      }),
      { numRuns: 500 },
    )
  })
})
