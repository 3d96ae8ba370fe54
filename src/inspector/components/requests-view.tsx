import { useState } from 'preact/hooks'
import type { PlaycademyUser } from '../api/types'
import { useRequestStream } from '../hooks/use-request-stream'
import { useVirtualRows } from '../hooks/use-virtual-rows'
import { getPersonaName } from '../lib/persona-name'
import { REQUEST_ROW_HEIGHT, RequestRow } from './request-row'
import { RequestTraceView } from './request-trace'
import { VirtualTable } from './virtual-table'

const COLUMNS = [
  ['', 'Request'],
  ['status', 'Status'],
  ['', 'Player'],
  ['', 'KV calls'],
  ['', 'Flags'],
] as const

/** The app's recent requests with their KV calls, newest first, live. */
export function RequestsView({ personas }: { personas: readonly PlaycademyUser[] }) {
  const [path, setPath] = useState('')
  const [open, setOpen] = useState<number | null>(null)
  const { snapshot, requests: all, error } = useRequestStream()
  const requests = path ? all.filter((r) => r.path.includes(path)) : all
  const selected = all.find((r) => r.id === open)
  const { viewport, first, last, onScroll } = useVirtualRows(requests.length, REQUEST_ROW_HEIGHT)
  const personaName = (sub: string) => getPersonaName(sub, personas)
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
      {snapshot && !snapshot.available ? <p class="hint">{snapshot.reason}</p> : null}
      {snapshot?.available && all.length === 0 ? (
        <p class="hint">
          No requests yet: each request to the app's routes shows here with its KV calls.
        </p>
      ) : null}
      <VirtualTable
        class="request-list"
        label="Recent requests"
        rowCount={requests.length}
        rowHeight={REQUEST_ROW_HEIGHT}
        columns={COLUMNS}
        viewport={viewport}
        onScroll={onScroll}
      >
        {requests.slice(first, last).map((trace, i) => (
          <RequestRow
            key={trace.id}
            trace={trace}
            index={first + i}
            persona={personaName(trace.persona)}
            selected={trace.id === open}
            onOpen={(id) => setOpen(id === open ? null : id)}
          />
        ))}
      </VirtualTable>
      {selected ? (
        <RequestTraceView trace={selected} persona={personaName(selected.persona)} />
      ) : null}
    </section>
  )
}
