import type { StoreHistory } from '../../runtime/history/store-history'
import { requestJson } from './http'

/**
 * The store clock and snapshots through a running dev server, which owns the store: it
 * holds the gate, drops its read cache and tells open inspector views.
 */
export function createServerHistory(
  origin: string,
  headers: Record<string, string>,
  binding: string,
): StoreHistory {
  const url = (path: string, query: Record<string, string | undefined> = {}) => {
    const params = new URLSearchParams({ binding })
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) params.set(name, value)
    return `${origin}/api/${path}?${params}`
  }
  const get = <T>(path: string, query?: Record<string, string | undefined>) =>
    requestJson<T>(url(path, query), { headers })
  const post = <T>(path: string, body: unknown) =>
    requestJson<T>(url(path), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  // The server takes a duration as text and parses it with the same rule.
  const duration = (seconds: number) => `${seconds}s`
  type Types = {
    [K in keyof StoreHistory]: Awaited<ReturnType<StoreHistory[K]>>
  }

  return {
    clock: () => get<Types['clock']>('time'),
    async preview(seconds) {
      return (
        await get<{ keys: Types['preview'] }>('time/preview', { duration: duration(seconds) })
      ).keys
    },
    advance: (seconds) => post<Types['advance']>('time/advance', { duration: duration(seconds) }),
    async listSnapshots() {
      return (await get<{ snapshots: Types['listSnapshots'] }>('snapshots')).snapshots
    },
    saveSnapshot: (name) => post<Types['saveSnapshot']>('snapshots', { name }),
    restoreSnapshot: (name) => post<Types['restoreSnapshot']>('snapshots/restore', { name }),
    diffSnapshots: (a, b) => get<Types['diffSnapshots']>('snapshots/diff', { a, b }),
    async deleteSnapshot(name) {
      await post('snapshots/delete', { name })
    },
  }
}
