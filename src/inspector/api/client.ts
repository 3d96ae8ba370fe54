import { hc } from 'hono/client'
import { KV_LIMITS } from '../../constants'
import type { KvdevApi } from '../../http/api'
import type { KvdevClient, PutValueBody } from './types'

/** An HTTP error from the kvdev API, carrying the server's house-style message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function readMeta(name: string): string {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)
  return meta?.content ?? ''
}

const TOKEN = readMeta('kvdev-token')
const BASE = readMeta('kvdev-base').replace(/\/$/, '') || '/__kv'

/** The inspector's base path (`/__kv` by default), as the server injected it. */
export const apiBase = BASE

type Query = Record<string, string | number | boolean | undefined>

/** Query values as the API reads them: strings, absent ones left out. */
function query(values: Query): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') out[name] = String(value)
  }
  return out
}

export function apiUrl(path: string, values: Query = {}): string {
  const search = new URLSearchParams(query(values)).toString()
  return `${BASE}/api/${path}${search ? `?${search}` : ''}`
}

// Every call carries the token; writes send JSON, as the guard requires of browsers.
const client: KvdevClient = hc<KvdevApi>(`${BASE}/api`, {
  headers: { 'x-kvdev-token': TOKEN },
  init: { credentials: 'same-origin' },
})

async function errorOf(response: Response): Promise<ApiError> {
  let message = `[kvdev] Request failed: ${response.status} ${response.statusText}.`
  try {
    const body = (await response.json()) as { errors?: { message?: string }[] }
    const first = body.errors?.[0]?.message
    if (first) message = first
  } catch {
    // Not an error envelope: keep the status line.
  }
  return new ApiError(response.status, message)
}

/** The response of a call, or the server's message as an ApiError. */
async function ok<R extends Response>(pending: Promise<R>): Promise<R> {
  const response = await pending
  if (!response.ok) throw await errorOf(response)
  return response
}

type Body<R> = R extends { json(): Promise<infer T> } ? T : never

/** The JSON of a successful call, typed by the route that answers it. */
async function json<R extends Response>(pending: Promise<R>): Promise<Body<R>> {
  return (await ok(pending)).json() as Promise<Body<R>>
}

type SeedBody = { text?: string; file?: string }
type Mode = 'merge' | 'replace'

export const api = {
  info: () => json(client.info.$get()),
  keys: (
    binding: string,
    prefix: string,
    cursor?: string,
    limit: number = KV_LIMITS.MAX_LIST_LIMIT,
    search?: string,
  ) => json(client.keys.$get({ query: query({ binding, prefix, cursor, limit, search }) })),
  count: (binding: string, prefix: string) =>
    json(client.count.$get({ query: query({ binding, prefix }) })),
  key: (binding: string, key: string, preview?: number) =>
    json(client.key.$get({ query: query({ binding, key, preview }) })),
  value: (binding: string, key: string) =>
    ok(client.value.$get({ query: query({ binding, key }) })),
  put: (binding: string, key: string, body: PutValueBody) =>
    json(client.value.$put({ query: query({ binding, key }), json: body })),
  remove: (binding: string, key: string) =>
    json(client.value.$delete({ query: query({ binding, key }) })),
  stats: (binding: string, prefix: string) =>
    json(client.stats.$get({ query: query({ binding, prefix }) })),
  clearDryRun: (binding: string, prefix: string) =>
    json(client.clear.$post({ query: query({ binding, prefix, dryRun: 1 }) })) as Promise<{
      count: number
    }>,
  clear: (binding: string, prefix: string) =>
    json(client.clear.$post({ query: query({ binding, prefix }) })) as Promise<{ deleted: number }>,
  seed: (binding: string, mode: Mode, body: SeedBody = {}) =>
    json(client.seed.$post({ query: query({ binding, mode }), json: body })) as Promise<{
      written: number
      deleted: number
    }>,
  seedDryRun: (binding: string, mode: Mode, body: SeedBody = {}) =>
    json(client.seed.$post({ query: query({ binding, mode, dryRun: 1 }), json: body })) as Promise<{
      records: number
      wouldDelete: number
    }>,
  exportFile: (binding: string, prefix: string, format: 'json' | 'ndjson' | 'csv') =>
    ok(client.export.$get({ query: query({ binding, prefix, format }) })),
  users: () => json(client.users.$get()),
  realism: () => json(client.realism.$get()),
  setLocation: (location: string) => json(client.location.$put({ json: { location } })),
  usage: (requests?: number) => json(client.usage.$get({ query: query({ requests }) })),
  setUser: (sub: string) => json(client.users.active.$put({ json: { sub } })),
}

/** The typed client and its helpers, for the API modules beside this one. */
export { client as typedClient, json as readJson, query as toQuery }
