import { API_LIMITS, KV_LIMITS } from '../constants'
import type { KVNamespaceListKey } from '../types/kv-namespace'
import type { KvChangeEvent, KvKeyInfo, KvKeyInspection, KvRecord, KvStats } from '../types/records'
import { summarise } from './stats'
import type { Transport, WorkerReply } from './transport'

/** Admin operations on one namespace, run in batches inside workerd. */
export interface KvStore {
  readonly binding: string
  readonly id: string
  /** One page of keys with size and type (limit up to 1000). */
  list(options?: { prefix?: string; limit?: number; cursor?: string }): Promise<KvListPage>
  /** Every key matching `prefix`, page by page, through the full cursor walk. */
  keys(prefix?: string): AsyncIterable<KVNamespaceListKey[]>
  count(prefix?: string): Promise<number>
  /** The key as a listing shows it (expiration, metadata), or null: exact for every key, NUL included. */
  find(key: string): Promise<KVNamespaceListKey | null>
  inspect(key: string, previewBytes?: number): Promise<KvKeyInspection | null>
  write(records: KvRecord[]): Promise<number>
  delete(keys: string[]): Promise<number>
  clear(prefix?: string): Promise<number>
  /** Every record matching `prefix`, page by page, in wrangler's bulk format. */
  dump(prefix?: string): AsyncIterable<KvRecord[]>
  stats(prefix?: string): Promise<KvStats>
  seed(
    records: KvRecord[],
    mode?: 'merge' | 'replace',
  ): Promise<{ written: number; deleted: number }>
}

export interface KvListPage {
  keys: KvKeyInfo[]
  list_complete: boolean
  cursor?: string
}

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

export function createStore(
  transport: Transport,
  binding: string,
  id: string,
  emit: (event: Omit<KvChangeEvent, 'binding' | 'at'>) => void,
  /** Called after every bulk change, finished or failed half-way. */
  invalidate: () => void = () => {},
): KvStore {
  async function changing<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } finally {
      invalidate()
    }
  }

  async function call(header: Record<string, unknown>): Promise<WorkerReply> {
    const frame = await transport.call({ ...header, binding })
    if (!frame.header.ok) throw new Error(frame.header.error?.message ?? 'KV operation failed')
    return frame.header
  }

  async function writeRecords(records: KvRecord[]): Promise<number> {
    let written = 0
    for (const batch of batches(records)) {
      written += (await call({ op: 'putMany', records: batch })).written as number
    }
    return written
  }

  async function deleteKeys(keys: string[]): Promise<number> {
    let deleted = 0
    for (let i = 0; i < keys.length; i += DELETE_BATCH_ITEMS) {
      deleted += (await call({ op: 'deleteMany', keys: keys.slice(i, i + DELETE_BATCH_ITEMS) }))
        .deleted as number
    }
    return deleted
  }

  const store: KvStore = {
    binding,
    id,
    async list({ prefix, limit = KV_LIMITS.MAX_LIST_LIMIT, cursor } = {}) {
      const reply = await call({ op: 'listDetails', prefix, limit, cursor })
      const result = reply.result as KvListPage & { keys: (KvKeyInfo | null)[] }
      return {
        keys: result.keys.filter((k): k is KvKeyInfo => k !== null && k.size !== undefined),
        list_complete: result.list_complete,
        ...(result.list_complete ? {} : { cursor: result.cursor }),
      }
    },
    async *keys(prefix) {
      let cursor: string | undefined
      do {
        const reply = await call({ op: 'keys', prefix, cursor, limit: KV_LIMITS.MAX_LIST_LIMIT })
        const page = reply.result as {
          keys: KVNamespaceListKey[]
          list_complete: boolean
          cursor?: string
        }
        yield page.keys
        cursor = page.list_complete ? undefined : page.cursor
      } while (cursor)
    },
    async count(prefix) {
      return (await call({ op: 'count', prefix })).count as number
    },
    async find(key) {
      return (await call({ op: 'find', key })).key as KVNamespaceListKey | null
    },
    async inspect(key, previewBytes = API_LIMITS.DEFAULT_PREVIEW_BYTES) {
      const detail = (await call({ op: 'inspect', key, preview: previewBytes })).key as
        | (KvKeyInfo & { previewBase64?: string; truncated?: boolean })
        | null
      if (!detail) return null
      // With no preview asked for, the preview is empty: cut short unless the value is too.
      const { previewBase64 = '', truncated = detail.size > 0, ...info } = detail
      return { ...info, truncated, preview: new Uint8Array(Buffer.from(previewBase64, 'base64')) }
    },
    async write(records) {
      const written = await changing(() => writeRecords(records))
      emit({ kind: 'seed', count: written })
      return written
    },
    async delete(keys) {
      const deleted = await changing(() => deleteKeys(keys))
      if (keys.length === 1) emit({ kind: 'delete', key: keys[0] })
      else emit({ kind: 'clear', count: deleted })
      return deleted
    },
    async clear(prefix) {
      const deleted = await changing(
        async () => (await call({ op: 'clear', prefix })).deleted as number,
      )
      emit({ kind: 'clear', prefix: prefix ?? '', count: deleted })
      return deleted
    },
    async *dump(prefix) {
      let cursor: string | undefined
      do {
        const reply = await call({ op: 'dump', prefix, cursor })
        yield reply.records as KvRecord[]
        cursor = reply.cursor as string | undefined
      } while (cursor)
    },
    async stats(prefix) {
      const reply = await call({ op: 'stats', prefix })
      return summarise((reply.keys as [string, number][]).filter(([, size]) => size >= 0))
    },
    async seed(records, mode = 'merge') {
      return changing(async () => {
        const deleted = mode === 'replace' ? ((await call({ op: 'clear' })).deleted as number) : 0
        const written = await writeRecords(records)
        emit({ kind: 'seed', count: written })
        return { written, deleted }
      })
    },
  }
  return store
}
