import { API_LIMITS, KV_LIMITS } from '../../constants'
import type { KVNamespaceListKey } from '../../types/kv-namespace'
import type { KvKeyInfo, KvRecord } from '../../types/records'
import { summarise } from '../stats'
import type { Transport, WorkerReply } from '../transport'
import { type KvListPage, type NamespaceBackend, VALUE_TYPES, type Written } from './types'

const WRITE_BATCH_BYTES = 8 * 1024 * 1024
const WRITE_BATCH_ITEMS = 1000
const DELETE_BATCH_ITEMS = 5000

function batches(records: KvRecord[]): KvRecord[][] {
  const out: KvRecord[][] = []
  let current: KvRecord[] = []
  let bytes = 0
  for (const record of records) {
    const size = record.value.length + record.key.length
    if (
      current.length > 0 &&
      (bytes + size > WRITE_BATCH_BYTES || current.length >= WRITE_BATCH_ITEMS)
    ) {
      out.push(current)
      current = []
      bytes = 0
    }
    current.push(record)
    bytes += size
  }
  if (current.length > 0) out.push(current)
  return out
}

/** The binding's error inside workerd, re-thrown in Node with its class and message. */
function toError(reply: WorkerReply): Error {
  const { name = 'Error', message = 'KV operation failed' } = reply.error ?? {}
  const ErrorClass = name === 'TypeError' ? TypeError : name === 'SyntaxError' ? SyntaxError : Error
  const error = new ErrorClass(message)
  if (ErrorClass === Error && name !== 'Error') error.name = name
  return error
}

/**
 * A namespace on Miniflare's real binding: each call is one message on the persistent socket
 * to the internal worker (`worker/`), which runs it against the binding inside workerd, so
 * values, limits and errors are Cloudflare's own. It answers every call; admin operations run
 * in batches inside workerd.
 */
export function createWorkerdBackend(
  transport: Transport,
  binding: string,
): NamespaceBackend<never> {
  async function call(header: Record<string, unknown>, body?: Uint8Array) {
    const frame = await transport.call(header, body)
    if (!frame.header.ok) throw toError(frame.header)
    return frame
  }

  async function admin(header: Record<string, unknown>): Promise<WorkerReply> {
    const frame = await transport.call({ ...header, binding })
    if (!frame.header.ok) throw new Error(frame.header.error?.message ?? 'KV operation failed')
    return frame.header
  }

  async function putMany(records: KvRecord[], told?: Written): Promise<number> {
    let written = 0
    for (const batch of batches(records)) {
      written += (await admin({ op: 'putMany', records: batch })).written as number
    }
    told?.(written)
    return written
  }

  const clear = async (prefix?: string) => (await admin({ op: 'clear', prefix })).deleted as number

  return {
    kind: 'workerd',
    async get(key, { type, cacheTtl, cacheable }) {
      const wireType = VALUE_TYPES.has(type as string) ? 'arrayBuffer' : type
      const frame = await call({
        op: 'get',
        binding,
        key,
        type: wireType,
        cacheTtl,
        withExpiration: cacheable,
      })
      const { found, metadata, expiration } = frame.header as unknown as {
        found: boolean
        metadata?: unknown
        expiration?: number
      }
      return found
        ? { bytes: frame.body, metadata: metadata ?? null, expiration }
        : { bytes: null, metadata: null }
    },
    async getBulk(keys, { type, cacheTtl, withMetadata }) {
      const frame = await call({ op: 'getBulk', binding, keys, type, cacheTtl, withMetadata })
      return new Map(frame.header.entries as [string, unknown][])
    },
    async put(key, { body, primitive, argc }, options) {
      await call({ op: 'put', binding, key, options, primitive, argc }, body)
    },
    async delete(key) {
      await call({ op: 'delete', binding, key })
    },
    async list(options) {
      const frame = await call({ op: 'list', binding, options })
      return frame.header.result
    },
    async listDetails({ prefix, limit = KV_LIMITS.MAX_LIST_LIMIT, cursor, search } = {}) {
      const reply = await admin({ op: 'listDetails', prefix, limit, cursor, search })
      const result = reply.result as KvListPage & { keys: (KvKeyInfo | null)[] }
      return {
        keys: result.keys.filter((k): k is KvKeyInfo => k !== null && k.size !== undefined),
        list_complete: result.list_complete,
        ...(result.list_complete ? {} : { cursor: result.cursor }),
      }
    },
    async keys(prefix) {
      return (async function* () {
        let cursor: string | undefined
        do {
          const reply = await admin({ op: 'keys', prefix, cursor, limit: KV_LIMITS.MAX_LIST_LIMIT })
          const page = reply.result as {
            keys: KVNamespaceListKey[]
            list_complete: boolean
            cursor?: string
          }
          yield page.keys
          cursor = page.list_complete ? undefined : page.cursor
        } while (cursor)
      })()
    },
    async count(prefix) {
      return (await admin({ op: 'count', prefix })).count as number
    },
    async find(key) {
      return (await admin({ op: 'find', key })).key as KVNamespaceListKey | null
    },
    async inspect(key, previewBytes = API_LIMITS.DEFAULT_PREVIEW_BYTES) {
      const detail = (await admin({ op: 'inspect', key, preview: previewBytes })).key as
        | (KvKeyInfo & { previewBase64?: string; truncated?: boolean })
        | null
      if (!detail) return null
      // With no preview asked for, the preview is empty: cut short unless the value is too.
      const { previewBase64 = '', truncated = detail.size > 0, ...info } = detail
      return { ...info, truncated, preview: new Uint8Array(Buffer.from(previewBase64, 'base64')) }
    },
    async dump(prefix) {
      return (async function* () {
        let cursor: string | undefined
        do {
          const reply = await admin({ op: 'dump', prefix, cursor })
          yield reply.records as KvRecord[]
          cursor = reply.cursor as string | undefined
        } while (cursor)
      })()
    },
    async stats(prefix) {
      const reply = await admin({ op: 'stats', prefix })
      return summarise((reply.keys as [string, number][]).filter(([, size]) => size >= 0))
    },
    putMany,
    async deleteMany(keys) {
      let deleted = 0
      for (let i = 0; i < keys.length; i += DELETE_BATCH_ITEMS) {
        const slice = keys.slice(i, i + DELETE_BATCH_ITEMS)
        deleted += (await admin({ op: 'deleteMany', keys: slice })).deleted as number
      }
      return deleted
    },
    clear,
    async seed(records, mode, told) {
      const deleted = mode === 'replace' ? await clear() : 0
      return { written: await putMany(records, told), deleted }
    },
  }
}
