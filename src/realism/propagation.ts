/** Where a request runs when it names no location (`x-kvdev-location`). */
export const DEFAULT_LOCATION = 'local'
/** A request's location: the header, else the inspector's cookie, else `local`. */
export const LOCATION_HEADER = 'x-kvdev-location'
export const LOCATION_COOKIE = 'kvdev_location'
/** Location names: short words, so a cookie or header can never carry much. */
export const LOCATION_PATTERN = /^[A-Za-z0-9_-]{1,32}$/
/** Entries kept before settled ones are swept: bounded memory under any write load. */
const MAX_TRACKED = 10_000

interface Version<V> {
  value: V
  at: number
  location: string
}

export interface Propagation<V> {
  /**
   * What a read at `location` sees: the newest write made there or settled everywhere,
   * else the value before the unsettled writes; a `cacheTtl` read holds its answer that long there.
   */
  read(id: string, location: string, current: V, cacheTtlSeconds?: number): V
  /** Records a write at `location`: `before` is what other locations keep seeing for the delay. */
  wrote(id: string, location: string, before: V, after: V): void
}

/** Workers KV's eventual consistency in one process: writes reach other locations after `delayMs`. */
export function createPropagation<V>(
  delayMs: number,
  now: () => number = Date.now,
): Propagation<V> {
  const keys = new Map<string, { base: V; versions: Version<V>[] }>()
  const held = new Map<string, { value: V; until: number }>()

  const sweep = (at: number) => {
    for (const [id, entry] of keys)
      if (entry.versions.every((v) => v.at + delayMs <= at)) keys.delete(id)
    for (const [id, hold] of held) if (hold.until <= at) held.delete(id)
  }

  return {
    read(id, location, current, cacheTtlSeconds) {
      const at = now()
      const holdId = `${location}\0${id}`
      const hold = held.get(holdId)
      if (hold && hold.until > at) return hold.value
      let value = current
      const entry = keys.get(id)
      if (entry) {
        const visible = entry.versions.findLast(
          (v) => v.location === location || v.at + delayMs <= at,
        )
        value = visible ? visible.value : entry.base
        if (entry.versions.every((v) => v.at + delayMs <= at)) keys.delete(id)
      }
      if (cacheTtlSeconds !== undefined)
        held.set(holdId, { value, until: at + cacheTtlSeconds * 1000 })
      return value
    },
    wrote(id, location, before, after) {
      const at = now()
      if (keys.size + held.size >= MAX_TRACKED) sweep(at)
      const entry = keys.get(id) ?? { base: before, versions: [] }
      entry.versions.push({ value: after, at, location })
      keys.set(id, entry)
      // The writer's own location sees its write at once, whatever it held.
      held.delete(`${location}\0${id}`)
    },
  }
}
