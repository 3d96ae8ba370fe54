import { KV_LIMITS, METADATA_HEADER } from '../../constants'
import { KvdevError } from '../../errors'
import type { KVNamespaceListKey } from '../../types/kv-namespace'
import type { KvRecord } from '../../types/records'
import { request, requestJson } from './http'
import type { HttpResponse } from './http-response'
import type { KeyPage, PutOptions } from './target'

export interface RestClientOptions {
  /** The API root, e.g. `https://api.cloudflare.com/client/v4`. */
  apiBase: string
  accountId: string
  /** Namespace id (Cloudflare) or binding name (a kvdev dev server accepts both). */
  namespaceId: string
  /** Auth headers: `Authorization: Bearer …` or `x-kvdev-token`. */
  headers: Record<string, string>
}

/** Cloudflare's KV REST API, the same client for a kvdev dev server and for Cloudflare. */
export interface RestClient {
  listKeys(options: { prefix?: string; limit?: number; cursor?: string }): Promise<KeyPage>
  getValue(key: string): Promise<Uint8Array | null>
  /**
   * The value with what its answer's headers say: `expiration`, and the metadata a kvdev
   * server adds (undefined where the server sent none, as Cloudflare never does).
   */
  getEntry(
    key: string,
  ): Promise<{ value: Uint8Array; expiration?: number; metadata?: unknown } | null>
  putValue(key: string, value: Uint8Array, options: PutOptions): Promise<void>
  deleteValue(key: string): Promise<void>
  bulkWrite(records: KvRecord[]): Promise<void>
  bulkDelete(keys: string[]): Promise<void>
}

/** Cloudflare's error code for a missing key; any other 404 (a wrong namespace, a wrong URL) is a failure. */
const KEY_NOT_FOUND = 10009

async function readMissing(response: HttpResponse, what: string): Promise<null> {
  const body = (await response.json().catch(() => ({}))) as {
    errors?: { code?: number; message?: string }[]
  }
  const errors = body.errors ?? []
  if (errors.length === 0 || errors.some((e) => e.code === KEY_NOT_FOUND)) return null
  const reason = errors.map((e) => e.message).join('; ')
  throw new KvdevError(
    'ERR_REMOTE',
    `${what.split('/values/')[0]} failed: 404 ${reason.replace(/\.$/, '')}.`,
  )
}

interface ListEnvelope {
  result: KVNamespaceListKey[]
  result_info?: { cursor?: string; count?: number }
}

export function createRestClient(options: RestClientOptions): RestClient {
  const root = `${options.apiBase.replace(/\/+$/, '')}/accounts/${encodeURIComponent(options.accountId)}/storage/kv/namespaces/${encodeURIComponent(options.namespaceId)}`
  const headers = options.headers
  const json = (body: unknown) => ({
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const valueUrl = (key: string, query = '') => `${root}/values/${encodeURIComponent(key)}${query}`

  const getEntry: RestClient['getEntry'] = async (key) => {
    const response = await request(valueUrl(key), { headers }, true)
    if (response.status === 404) return readMissing(response, `GET ${valueUrl(key)}`)
    const value = new Uint8Array(await response.arrayBuffer())
    const expiration = Number(response.headers.get('expiration') ?? Number.NaN)
    const metadata = response.headers.get(METADATA_HEADER)
    return {
      value,
      ...(Number.isSafeInteger(expiration) ? { expiration } : {}),
      ...(metadata === null ? {} : { metadata: JSON.parse(decodeURIComponent(metadata)) }),
    }
  }

  return {
    async listKeys({ prefix, limit = KV_LIMITS.MAX_LIST_LIMIT, cursor }) {
      const query = new URLSearchParams()
      if (prefix) query.set('prefix', prefix)
      query.set(
        'limit',
        String(Math.max(KV_LIMITS.MIN_REST_LIST_LIMIT, Math.min(limit, KV_LIMITS.MAX_LIST_LIMIT))),
      )
      if (cursor) query.set('cursor', cursor)
      const body = await requestJson<ListEnvelope>(`${root}/keys?${query}`, { headers })
      const next = body.result_info?.cursor
      return next
        ? { keys: body.result, list_complete: false, cursor: next }
        : { keys: body.result, list_complete: true }
    },
    getEntry,
    getValue: async (key) => (await getEntry(key))?.value ?? null,
    async putValue(key, value, { metadata, expiration, expiration_ttl }) {
      const query = new URLSearchParams()
      if (expiration !== undefined) query.set('expiration', String(expiration))
      if (expiration_ttl !== undefined) query.set('expiration_ttl', String(expiration_ttl))
      const url = valueUrl(key, query.size > 0 ? `?${query}` : '')
      // Values come from files, stdin or Buffers, all backed by a plain ArrayBuffer.
      const body = value as Uint8Array<ArrayBuffer>
      if (metadata === undefined) {
        await request(url, {
          method: 'PUT',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body,
        })
        return
      }
      // Cloudflare takes metadata only as the `metadata` part of a multipart body.
      const form = new FormData()
      form.set('value', new Blob([body]))
      form.set('metadata', JSON.stringify(metadata))
      await request(url, { method: 'PUT', headers, body: form })
    },
    async deleteValue(key) {
      await request(valueUrl(key), { method: 'DELETE', headers })
    },
    async bulkWrite(records) {
      await request(`${root}/bulk`, { method: 'PUT', ...json(records) })
    },
    async bulkDelete(keys) {
      await request(`${root}/bulk/delete`, { method: 'POST', ...json(keys) })
    },
  }
}
