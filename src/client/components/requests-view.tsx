import { useState } from 'preact/hooks'
import type { PlaycademyUser } from '../api/types'
import { useRequestStream } from '../hooks/use-request-stream'
import { useVirtualRows } from '../hooks/use-virtual-rows'
import { getPersonaName } from '../lib/persona-name'
import { REQUEST_ROW_HEIGHT, RequestRow } from './request-row'
import { RequestTraceView } from './request-trace'

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
      {/* biome-ignore lint/a11y/useSemanticElements: virtualised rows are positioned divs; a <table> cannot hold them */}
      <div
        class="request-list"
        role="table"
        aria-label="Recent requests"
        aria-rowcount={requests.length}
      >
        {/* biome-ignore lint/a11y/useSemanticElements: see the table role above */}
        {/* biome-ignore lint/a11y/useFocusableInteractive: the header row is not a target */}
        <div class="row header" role="row">
          <span class="cell">Request</span>
          <span class="cell status">Status</span>
          <span class="cell">Player</span>
          <span class="cell">KV calls</span>
          <span class="cell">Flags</span>
        </div>
        <div class="viewport" ref={viewport} onScroll={onScroll}>
          <div class="spacer" style={{ height: `${requests.length * REQUEST_ROW_HEIGHT}px` }}>
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
          </div>
        </div>
      </div>
      {selected ? (
        <RequestTraceView trace={selected} persona={personaName(selected.persona)} />
      ) : null}
    </section>
  )
}
