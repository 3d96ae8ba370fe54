/** An error answer of the KV API: the HTTP status and the server's message. */
export class KvClientError extends Error {
  override readonly name = 'KvClientError'
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export interface KvClientOptions {
  /** Where `userKv()` is mounted. @default '/api/kv' */
  baseUrl?: string
  /** @default globalThis.fetch */
  fetch?: typeof fetch
}

export interface KvClientListResult {
  keys: { name: string }[]
  list_complete: boolean
  cursor?: string
}

export interface KvClient {
  /** The stored JSON value, or `null` when the key is missing. */
  get<T = unknown>(key: string): Promise<T | null>
  set(key: string, value: unknown): Promise<void>
  remove(key: string): Promise<void>
  /** The signed-in user's keys starting with `prefix`, names without the user's scope. */
  list(prefix?: string): Promise<KvClientListResult>
}

async function readError(response: Response): Promise<KvClientError> {
  const text = await response.text()
  let message = text || `${response.status} ${response.statusText}`
  try {
    const body = JSON.parse(text) as { error?: unknown }
    if (typeof body.error === 'string') message = body.error
  } catch {}
  return new KvClientError(response.status, message)
}

/**
 * The browser side of per-user KV (TMA's `tma.kv`), talking to `userKv()` on your API.
 * Values are JSON; errors are `KvClientError` with the status and the server's message.
 *
 * @example
 * import { createKvClient } from 'kvdev/client'
 *
 * const kv = createKvClient()
 * await kv.set('preferences', { theme: 'dark' })
 * const prefs = await kv.get<{ theme: string }>('preferences')
 */
export function createKvClient(options: KvClientOptions = {}): KvClient {
  const base = (options.baseUrl ?? '/api/kv').replace(/\/+$/, '')
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const value = (key: string) => `${base}/values/${encodeURIComponent(key)}`
  const json = { 'content-type': 'application/json' }
  async function call<T>(url: string, init?: RequestInit): Promise<T> {
    const response = await send(url, { credentials: 'same-origin', ...init })
    if (!response.ok) throw await readError(response)
    return ((await response.json()) as { data: T }).data
  }
  return {
    get: <T>(key: string) => call<T | null>(value(key)),
    async set(key, data) {
      const body = JSON.stringify({ value: data })
      await call(value(key), { method: 'PUT', headers: json, body })
    },
    async remove(key) {
      await call(value(key), { method: 'DELETE', headers: json })
    },
    list: (prefix = '') => call(`${base}/keys?prefix=${encodeURIComponent(prefix)}`),
  }
}
