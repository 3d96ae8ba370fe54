import { KV_LIMITS } from '../../constants'
import { decodeBase64, encodeBase64 } from '../../formats/encoding'
import type { KVNamespace, KVNamespacePutOptions } from '../../types/kv-namespace'
import type { KvRecord } from '../../types/records'
import { getValueType } from '../disk/value-type'
import { describe, detail } from './describe'
import { inChunks } from './in-chunks'
import { findKey, listAll, listPrefix, searchPrefix } from './list-prefix'

// biome-ignore lint/suspicious/noExplicitAny: a frame's header is JSON, checked by each operation's use
type Header = Record<string, any>
/** An operation's reply: the header's fields, and the body's bytes when there is one. */
type Reply = [Record<string, unknown>, Uint8Array?]
type Op = (ns: KVNamespace, header: Header, body: Uint8Array) => Promise<Reply>

/**
 * What Node asks of the internal worker. Single operations go to the real binding (so every
 * limit and error message is Cloudflare's); bulk ones run in batches next to the store
 * instead of one round trip per key.
 */
export const ops: Record<string, Op> = {
  async get(ns, h) {
    // The binding's get does not tell the expiration; a one-key listing does,
    // so the Node-side cache can honour it.
    const [r, listed] = await Promise.all([
      ns.getWithMetadata(h.key, { type: h.type, cacheTtl: h.cacheTtl }),
      h.withExpiration ? findKey(ns, h.key) : undefined,
    ])
    if (r.value === null) return [{ found: false }]
    const expiration = listed ? listed.expiration : undefined
    return [
      { found: true, metadata: r.metadata, expiration },
      new Uint8Array(r.value as unknown as ArrayBuffer),
    ]
  },
  async getBulk(ns, h) {
    const options = { type: h.type, cacheTtl: h.cacheTtl }
    const map = h.withMetadata
      ? await ns.getWithMetadata(h.keys, options)
      : await ns.get(h.keys, options)
    return [{ entries: [...(map as unknown as Map<string, unknown>).entries()] }]
  },
  async put(ns, h, body) {
    // `put()` or `put(key)`: called so, for the binding's own TypeError.
    if (h.argc !== undefined) {
      await (ns.put as (...args: unknown[]) => Promise<void>)(...[h.key].slice(0, h.argc))
      return [{}]
    }
    await ns.put(h.key, 'primitive' in h ? h.primitive : body, h.options)
    return [{}]
  },
  async delete(ns, h) {
    await ns.delete(h.key)
    return [{}]
  },
  async list(ns, h) {
    return [{ result: await ns.list(h.options) }]
  },
  async keys(ns, h) {
    return [{ result: await listPrefix(ns, h) }]
  },
  async find(ns, h) {
    return [{ key: (await findKey(ns, h.key)) ?? null }]
  },
  async inspect(ns, h) {
    const listed = await findKey(ns, h.key)
    const d = listed && (await detail(ns, h.key, h.preview))
    return [{ key: d ? { ...listed, ...d } : null }]
  },
  async listDetails(ns, h) {
    const page = h.search
      ? await searchPrefix(ns, h as Header & { search: string })
      : await listPrefix(ns, h)
    const details = await describe(
      ns,
      page.keys.map((k) => k.name),
    )
    const keys = page.keys.map((k) => ({ ...k, ...details.get(k.name) }))
    return [{ result: { ...page, keys } }]
  },
  async count(ns, h) {
    let count = 0
    let cursor: string | undefined
    do {
      const page = await listPrefix(ns, {
        prefix: h.prefix,
        cursor,
        limit: KV_LIMITS.MAX_LIST_LIMIT,
      })
      count += page.keys.length
      cursor = page.list_complete ? undefined : page.cursor
    } while (cursor)
    return [{ count }]
  },
  async putMany(ns, h) {
    const records = h.records as KvRecord[]
    await inChunks(records, 32, (r) => {
      const options: KVNamespacePutOptions = {
        metadata: r.metadata,
        expiration: r.expiration,
        expirationTtl: r.expiration_ttl,
      }
      return ns.put(r.key, r.base64 ? decodeBase64(r.value) : r.value, options)
    })
    return [{ written: records.length }]
  },
  async deleteMany(ns, h) {
    await inChunks(h.keys as string[], 64, (k) => ns.delete(k))
    return [{ deleted: h.keys.length }]
  },
  async clear(ns, h) {
    const keys = (await listAll(ns, h.prefix)).map((k) => k.name)
    await inChunks(keys, 64, (k) => ns.delete(k))
    return [{ deleted: keys.length }]
  },
  async dump(ns, h) {
    const page = await listPrefix(ns, {
      prefix: h.prefix,
      cursor: h.cursor,
      limit: h.limit ?? KV_LIMITS.MAX_LIST_LIMIT,
    })
    const records = await inChunks(page.keys, 64, async (k) => {
      const value = await ns.get(k.name, 'arrayBuffer')
      if (value === null) return null
      const bytes = new Uint8Array(value)
      const { text } = getValueType(bytes)
      const record: KvRecord = { key: k.name, value: text ?? encodeBase64(bytes) }
      if (text === undefined) record.base64 = true
      if (k.expiration !== undefined) record.expiration = k.expiration
      if (k.metadata !== undefined) record.metadata = k.metadata as KvRecord['metadata']
      return record
    })
    return [
      {
        records: records.filter(Boolean),
        cursor: page.list_complete ? undefined : page.cursor,
      },
    ]
  },
  async stats(ns, h) {
    const keys = await listAll(ns, h.prefix)
    const details = await describe(
      ns,
      keys.map((k) => k.name),
    )
    return [{ keys: keys.map((k) => [k.name, details.get(k.name)?.size ?? -1]) }]
  },
}
