/** A minimal client of the dev server's Cloudflare REST API (what wrangler --remote and the SDK call). */
export interface RestClient {
  put(key: string, value: string): Promise<void>
  remove(key: string): Promise<void>
  bulkPut(items: { key: string; value: string }[]): Promise<void>
  bulkDelete(keys: string[]): Promise<void>
  /** Every key name, following cursors. */
  listAll(): Promise<string[]>
  /** Values of up to 100 keys (null when missing). */
  bulkGet(keys: string[]): Promise<Record<string, string | null>>
}

export function createRestClient(url: string, token: string, namespace = 'KV'): RestClient {
  const ns = `${url}/__kv/api/client/v4/accounts/local/storage/kv/namespaces/${namespace}`
  const auth = { authorization: `Bearer ${token}` }
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${ns}${path}`, {
      ...init,
      headers: { ...auth, ...(init.headers as Record<string, string>) },
    })
    const text = await response.text()
    if (!response.ok)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 300)}`)
    return JSON.parse(text) as { result: unknown; result_info?: { cursor?: string } }
  }
  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return {
    async put(key, value) {
      await call(`/values/${encodeURIComponent(key)}`, { method: 'PUT', body: value })
    },
    async remove(key) {
      await call(`/values/${encodeURIComponent(key)}`, { method: 'DELETE' })
    },
    async bulkPut(items) {
      await call('/bulk', json('PUT', items))
    },
    async bulkDelete(keys) {
      await call('/bulk/delete', json('POST', keys))
    },
    async listAll() {
      const names: string[] = []
      let cursor = ''
      do {
        const page = await call(
          `/keys?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        )
        names.push(...(page.result as { name: string }[]).map((k) => k.name))
        cursor = page.result_info?.cursor ?? ''
      } while (cursor)
      return names
    },
    async bulkGet(keys) {
      const out: Record<string, string | null> = {}
      for (let i = 0; i < keys.length; i += 100) {
        const page = await call('/bulk/get', json('POST', { keys: keys.slice(i, i + 100) }))
        Object.assign(out, (page.result as { values: Record<string, string | null> }).values)
      }
      return out
    },
  }
}
