import { useState } from 'preact/hooks'
import { api } from '../api/client'
import { usePolling } from '../hooks/use-polling'
import { showControls } from '../lib/visible-text'
import { RequestTraceView } from './request-trace'

/** The app's recent requests with their KV calls, newest first, live. */
export function RequestsView() {
  const [path, setPath] = useState('')
  const [open, setOpen] = useState<number | null>(null)
  const { data, error } = usePolling(() => api.requests(path), [path])
  const requests = data?.requests ?? []
  const selected = requests.find((r) => r.id === open)
  return (
    <section class="requests" aria-label="Requests">
      <div class="filter-bar">
        <input
          type="search"
          name="path"
          placeholder="Filter by path"
          value={path}
          onInput={(event) => setPath((event.currentTarget as HTMLInputElement).value)}
        />
        <span class="muted">{requests.length} recent requests</span>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {data && !data.available ? <p class="hint">{data.reason}</p> : null}
      {data?.available && requests.length === 0 ? (
        <p class="hint">
          No requests yet: each request to the app's routes shows here with its KV calls.
        </p>
      ) : null}
      <table class="groups request-list">
        <tbody>
          {requests.map((r) => (
            <tr key={r.id} class={r.id === open ? 'selected' : ''} data-request={r.id}>
              <td>
                <button
                  type="button"
                  class="link"
                  onClick={() => setOpen(r.id === open ? null : r.id)}
                >
                  {r.method} {showControls(r.path)}
                </button>
              </td>
              <td>{r.status}</td>
              <td class="muted">{r.persona}</td>
              <td>
                {r.counts.reads}r · {r.counts.writes}w · {r.counts.deletes}d · {r.counts.lists}l
              </td>
              <td>
                {r.flags.length > 0 ? (
                  <span class="badge warn" title={r.flags.map((f) => f.message).join('\n')}>
                    {r.flags.length} flagged
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected ? <RequestTraceView trace={selected} /> : null}
    </section>
  )
}
