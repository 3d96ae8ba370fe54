import { KV_LIMITS, TOKEN_HEADER } from '../../constants'
import type { ServerInfo } from '../../http/server-info'
import type { KvKeyInfo, KvRecord, KvStats } from '../../types/records'
import type { UsageReport } from '../../usage/types'
import { CliError, EXIT } from '../exit'
import { request, requestJson } from './http'
import { readLines } from './read-lines'
import { createRestClient } from './rest-client'
import { createRestTarget } from './rest-target'
import { createServerHistory } from './server-history'
import type { KvTarget } from './target'

const DUMP_PAGE = KV_LIMITS.MAX_LIST_LIMIT

/**
 * Runs through a running dev server, which owns the store: key operations over
 * its Cloudflare REST API, whole-namespace work over kvdev's own endpoints.
 */
export function createServerTarget(server: ServerInfo, binding: string): KvTarget {
  const origin = `${server.url.replace(/\/+$/, '')}${server.base}`
  const headers = { [TOKEN_HEADER]: server.token }
  const client = createRestClient({
    apiBase: `${origin}/api/client/v4`,
    accountId: 'local',
    namespaceId: binding,
    headers,
  })
  const rest = createRestTarget(client, binding, `dev server ${server.url}`)
  const api = (path: string, query: Record<string, string | undefined>) => {
    const params = new URLSearchParams({ binding })
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) params.set(name, value)
    return `${origin}/api/${path}?${params}`
  }

  return {
    ...rest,
    history: createServerHistory(origin, headers, binding),
    // One request: this server's answer carries the metadata and the expiration with the value.
    async get(key) {
      const entry = await client.getEntry(key)
      if (!entry) return null
      const { value, metadata = null, expiration } = entry
      return { value, metadata, ...(expiration === undefined ? {} : { expiration }) }
    },
    async list({ prefix, limit, cursor, search }) {
      // kvdev's listing takes any limit up to 1000 (the REST API's minimum is 10).
      const page = await requestJson<{
        keys: KvKeyInfo[]
        list_complete: boolean
        cursor?: string
      }>(
        api('keys', {
          prefix,
          limit: limit === undefined ? undefined : String(limit),
          cursor,
          search,
        }),
        { headers },
      )
      const keys = page.keys.map(({ name, expiration, metadata }) => ({
        name,
        ...(expiration === undefined ? {} : { expiration }),
        ...(metadata === undefined ? {} : { metadata }),
      }))
      return page.list_complete
        ? { keys, list_complete: true }
        : { keys, list_complete: false, cursor: page.cursor }
    },
    async inspect(key, previewBytes) {
      const response = await request(
        api('key', { key, preview: String(previewBytes) }),
        { headers },
        true,
      )
      if (response.status === 404) return null
      const { preview, previewEncoding, ...info } = (await response.json()) as KvKeyInfo & {
        preview: string
        previewEncoding: 'utf8' | 'base64'
        truncated: boolean
      }
      return {
        ...info,
        preview: new Uint8Array(
          Buffer.from(preview, previewEncoding === 'base64' ? 'base64' : 'utf8'),
        ),
      }
    },
    stats: (prefix) => requestJson<KvStats>(api('stats', { prefix }), { headers }),
    async usage(requests) {
      const usage = await requestJson<UsageReport | { available: false; reason: string }>(
        api('usage', { requests: requests?.toString() }),
        { headers },
      )
      if ('reason' in usage) throw new CliError(EXIT.FAILURE, usage.reason)
      return usage
    },
    async count(prefix) {
      return (await requestJson<{ matched: number }>(api('count', { prefix }), { headers })).matched
    },
    async *dump(prefix) {
      const response = await request(api('export', { prefix, format: 'ndjson' }), { headers })
      let page: KvRecord[] = []
      for await (const line of readLines(response)) {
        page.push(JSON.parse(line) as KvRecord)
        if (page.length >= DUMP_PAGE) {
          yield page
          page = []
        }
      }
      if (page.length > 0) yield page
    },
  }
}
