import type { KvStats } from '../types/records'

const LARGEST = 10

/** The prefix a key is grouped under: up to and including its first `:`; '' when it has none. */
export function getPrefix(key: string): string {
  const at = key.indexOf(':')
  return at === -1 ? '' : key.slice(0, at + 1)
}

export function summarise(entries: [name: string, size: number][]): KvStats {
  let bytes = 0
  const groups = new Map<string, { keys: number; bytes: number }>()
  for (const [name, size] of entries) {
    bytes += size
    const prefix = getPrefix(name)
    const group = groups.get(prefix) ?? { keys: 0, bytes: 0 }
    group.keys++
    group.bytes += size
    groups.set(prefix, group)
  }
  const largest = [...entries]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, LARGEST)
    .map(([name, size]) => ({ name, size }))
  const prefixes = [...groups]
    .map(([prefix, g]) => ({ prefix, ...g }))
    .sort((a, b) => b.keys - a.keys || (a.prefix < b.prefix ? -1 : 1))
  return { keys: entries.length, bytes, largest, prefixes }
}
