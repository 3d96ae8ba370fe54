import { useEffect } from 'preact/hooks'
import type { KeyPages } from '../hooks/use-key-pages'
import { useNow } from '../hooks/use-now'
import { useVirtualRows } from '../hooks/use-virtual-rows'
import { KeyRow, ROW_HEIGHT } from './key-row'
import { VirtualTable } from './virtual-table'

const COLUMNS = [
  ['key', 'Key'],
  ['size', 'Size'],
  ['type', 'Type'],
  ['expires', 'Expires'],
  ['identity', 'Identity'],
] as const

interface KeyListProps {
  pages: KeyPages
  /** Matched count from the server; the scroll height covers it before all pages are loaded. */
  matched: number | null
  selected: string | null
  onOpen: (name: string) => void
  onDelete: (name: string) => void
}

/** Virtualised key list: fixed row height, only the visible rows are in the DOM. */
export function KeyList({ pages, matched, selected, onOpen, onDelete }: KeyListProps) {
  const now = useNow()
  const loaded = pages.keys.length
  const total = pages.complete ? loaded : Math.max(loaded, matched ?? 0)
  const { viewport, first, last, onScroll } = useVirtualRows(total, ROW_HEIGHT)

  const { ensureLoaded } = pages
  useEffect(() => ensureLoaded(last), [last, ensureLoaded])

  const onMove = (index: number) => {
    const element = viewport.current
    if (!element || index < 0 || index >= total) return
    const top = index * ROW_HEIGHT
    if (top < element.scrollTop) element.scrollTop = top
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) {
      element.scrollTop = top + ROW_HEIGHT - element.clientHeight
    }
    requestAnimationFrame(() =>
      element.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus(),
    )
  }

  const rows = []
  for (let index = first; index < last; index++) {
    const info = pages.keys[index]
    rows.push(
      <KeyRow
        key={info?.name ?? `#${index}`}
        info={info}
        index={index}
        now={now}
        selected={info?.name === selected}
        onOpen={onOpen}
        onDelete={onDelete}
        onMove={onMove}
      />,
    )
  }

  return (
    <VirtualTable
      class="key-list"
      label="Keys"
      rowCount={total}
      rowHeight={ROW_HEIGHT}
      columns={COLUMNS}
      viewport={viewport}
      onScroll={onScroll}
      after={total === 0 && !pages.loading ? <p class="empty">No keys match.</p> : null}
      footer={
        pages.error ? (
          <p class="error" role="alert">
            {pages.error}
          </p>
        ) : null
      }
    >
      {rows}
    </VirtualTable>
  )
}
