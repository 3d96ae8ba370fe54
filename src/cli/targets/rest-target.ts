import { KV_LIMITS } from '../../constants'
import { summarise } from '../../runtime/stats'
import type { KvRecord } from '../../types/records'
import { getValueType, toRecord } from './classify'
import { mapConcurrent } from './map-concurrent'
import type { RestClient } from './rest-client'
import type { KeyPage, KvTarget } from './target'

/** Per-key GETs in flight at once when reading whole namespaces over REST. */
const GET_CONCURRENCY = 8

/**
 * A target on Cloudflare's REST API alone: key operations map one to one, and
 * stats, count and dump walk every key (one GET per value), correct if slower.
 */
export function createRestTarget(client: RestClient, binding: string, label: string): KvTarget {
  async function* pages(prefix?: string): AsyncIterable<KeyPage> {
    let cursor: string | undefined
    do {
      const page = await client.listKeys({ prefix, cursor })
      yield page
      cursor = page.cursor
    } while (cursor)
  }

  async function find(key: string) {
    const page = await client.listKeys({ prefix: key, limit: KV_LIMITS.MIN_REST_LIST_LIMIT })
    return page.keys.find((k) => k.name === key)
  }

  /**
   * Cloudflare's API has no search: whole pages are listed and filtered here, one request per
   * 1,000 keys. A page holding more matches than asked for cannot be resumed part-way (its
   * cursor is Cloudflare's, opaque), so that answer has no cursor.
   */
  async function search(
    text: string,
    { prefix, limit, cursor }: { prefix?: string; limit: number; cursor?: string },
  ): Promise<KeyPage> {
    const keys: KeyPage['keys'] = []
    for (;;) {
      const page = await client.listKeys({ prefix, cursor, limit: KV_LIMITS.MAX_LIST_LIMIT })
      keys.push(...page.keys.filter((k) => k.name.includes(text)))
      if (keys.length > limit) return { keys: keys.slice(0, limit), list_complete: false }
      if (!page.cursor) return { keys, list_complete: true }
      cursor = page.cursor
      if (keys.length === limit) return { keys, list_complete: false, cursor }
    }
  }

  const target: KvTarget = {
    binding,
    label,
    async list({ prefix, limit = KV_LIMITS.MAX_LIST_LIMIT, cursor, search: text }) {
      if (text) return search(text, { prefix, limit, cursor })
      const page = await client.listKeys({ prefix, limit, cursor })
      if (page.keys.length <= limit) return page
      // The REST API lists at least 10 keys; a smaller page has no cursor to resume from.
      return { keys: page.keys.slice(0, limit), list_complete: false }
    },
    async get(key) {
      const value = await client.getValue(key)
      if (value === null) return null
      const listed = await find(key)
      return {
        value,
        metadata: listed?.metadata ?? null,
        ...(listed?.expiration === undefined ? {} : { expiration: listed.expiration }),
      }
    },
    put: (key, value, options) => client.putValue(key, value, options),
    async delete(keys) {
      if (keys.length === 1) await client.deleteValue(keys[0]!)
      else if (keys.length > 1) await client.bulkDelete(keys)
    },
    write: (records) => client.bulkWrite(records),
    async inspect(key, previewBytes) {
      const entry = await target.get(key)
      if (!entry) return null
      return {
        name: key,
        size: entry.value.byteLength,
        type: getValueType(entry.value),
        ...(entry.expiration === undefined ? {} : { expiration: entry.expiration }),
        ...(entry.metadata === null ? {} : { metadata: entry.metadata }),
        preview: entry.value.subarray(0, previewBytes),
        truncated: entry.value.byteLength > previewBytes,
      }
    },
    async stats(prefix) {
      const sizes: [string, number][] = []
      for await (const records of target.dump(prefix)) {
        for (const r of records)
          sizes.push([r.key, Buffer.byteLength(r.value, r.base64 ? 'base64' : 'utf8')])
      }
      return summarise(sizes)
    },
    async count(prefix) {
      let total = 0
      for await (const page of pages(prefix)) total += page.keys.length
      return total
    },
    async *dump(prefix) {
      for await (const page of pages(prefix)) {
        const records = await mapConcurrent(page.keys, GET_CONCURRENCY, async (k) => {
          const value = await client.getValue(k.name)
          return value && toRecord(k.name, value, k.metadata, k.expiration)
        })
        yield records.filter((r): r is KvRecord => r !== null)
      }
    },
    close: async () => {},
  }
  return target
}
