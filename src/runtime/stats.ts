import type { KvStats } from '../types/records'

const LARGEST = 10

/** The prefix a key is grouped under: up to and including its first `:`; '' when it has none. */
export function getPrefix(key: string): string {
  const at = key.indexOf(':')
  return at === -1 ? '' : key.slice(0, at + 1)
}

/** Size descending, then name ascending: the order of `largest`. */
const larger = (a: [string, number], b: [string, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

/**
 * Stats built one key at a time, in one pass and constant memory beyond the prefix groups: a
 * store of 1,000,000 keys is never held as a list, nor sorted whole for its ten largest.
 */
export function createSummary(): { add(name: string, size: number): void; result(): KvStats } {
  let keys = 0
  let bytes = 0
  const groups = new Map<string, { keys: number; bytes: number }>()
  const top: [string, number][] = []
  return {
    add(name, size) {
      keys++
      bytes += size
      const prefix = getPrefix(name)
      const group = groups.get(prefix)
      if (group) {
        group.keys++
        group.bytes += size
      } else groups.set(prefix, { keys: 1, bytes: size })
      const entry: [string, number] = [name, size]
      if (top.length === LARGEST && larger(entry, top[LARGEST - 1]!) >= 0) return
      let at = top.length
      while (at > 0 && larger(entry, top[at - 1]!) < 0) at--
      top.splice(at, 0, entry)
      if (top.length > LARGEST) top.pop()
    },
    result() {
      const largest = top.map(([name, size]) => ({ name, size }))
      const prefixes = [...groups]
        .map(([prefix, g]) => ({ prefix, ...g }))
        .sort((a, b) => b.keys - a.keys || (a.prefix < b.prefix ? -1 : 1))
      return { keys, bytes, largest, prefixes }
    },
  }
}

export function summarise(entries: [name: string, size: number][]): KvStats {
  const summary = createSummary()
  for (const [name, size] of entries) summary.add(name, size)
  return summary.result()
}
