import type {
  CountResponse,
  InfoResponse,
  KeyDetail,
  KeysPage,
  PutValueBody,
  StatsResponse,
  UsersResponse,
} from './types'

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

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value))
  }
  const search = params.toString()
  return `${BASE}/api/${path}${search ? `?${search}` : ''}`
}

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

/** Fetches a kvdev endpoint with the token; writes send JSON, as the guard requires. */
export async function request(path: string, query: Query = {}, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  headers.set('x-kvdev-token', TOKEN)
  if (init.body !== undefined) headers.set('Content-Type', 'application/json')
  const response = await fetch(apiUrl(path, query), {
    ...init,
    headers,
    credentials: 'same-origin',
  })
  if (!response.ok) throw await errorOf(response)
  return response
}

async function json<T>(path: string, query: Query = {}, init: RequestInit = {}): Promise<T> {
  return (await request(path, query, init)).json() as Promise<T>
}

function send<T>(method: string, path: string, query: Query, body: unknown = {}): Promise<T> {
  return json<T>(path, query, { method, body: JSON.stringify(body) })
}

export const api = {
  info: () => json<InfoResponse>('info'),
  keys: (binding: string, prefix: string, cursor?: string, limit = 1000) =>
    json<KeysPage>('keys', { binding, prefix, cursor, limit }),
  count: (binding: string, prefix: string) => json<CountResponse>('count', { binding, prefix }),
  key: (binding: string, key: string, preview?: number) =>
    json<KeyDetail>('key', { binding, key, preview }),
  value: (binding: string, key: string) => request('value', { binding, key }),
  put: (binding: string, key: string, body: PutValueBody) =>
    send<{ ok: true }>('PUT', 'value', { binding, key }, body),
  remove: (binding: string, key: string) =>
    send<{ ok: true; deleted: boolean }>('DELETE', 'value', { binding, key }),
  stats: (binding: string, prefix: string) => json<StatsResponse>('stats', { binding, prefix }),
  clearDryRun: (binding: string, prefix: string) =>
    send<{ count: number }>('POST', 'clear', { binding, prefix, dryRun: 1 }),
  clear: (binding: string, prefix: string) =>
    send<{ deleted: number }>('POST', 'clear', { binding, prefix }),
  seed: (binding: string, mode: 'merge' | 'replace', body: { text?: string; file?: string } = {}) =>
    send<{ written: number; deleted: number }>('POST', 'seed', { binding, mode }, body),
  seedDryRun: (
    binding: string,
    mode: 'merge' | 'replace',
    body: { text?: string; file?: string } = {},
  ) =>
    send<{ records: number; wouldDelete: number }>(
      'POST',
      'seed',
      { binding, mode, dryRun: 1 },
      body,
    ),
  exportFile: (binding: string, prefix: string, format: 'json' | 'ndjson' | 'csv') =>
    request('export', { binding, prefix, format }),
  users: () => json<UsersResponse>('users'),
  setUser: (sub: string) => send<unknown>('PUT', 'users/active', {}, { sub }),
}
