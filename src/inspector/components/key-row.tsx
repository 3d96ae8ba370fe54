import type { KvKeyInfo } from '../api/types'
import { formatBytes, formatDate, formatRelative } from '../lib/format'
import { getIdentity } from '../lib/identity'
import { showControls } from '../lib/visible-text'

export const ROW_HEIGHT = 30

interface KeyRowProps {
  info: KvKeyInfo | undefined
  index: number
  now: number
  selected: boolean
  onOpen: (name: string) => void
  onDelete: (name: string) => void
  onMove: (index: number) => void
}

/** One row of the virtualised list; an unloaded row is a placeholder until its page arrives. */
export function KeyRow({ info, index, now, selected, onOpen, onDelete, onMove }: KeyRowProps) {
  const style = { transform: `translateY(${index * ROW_HEIGHT}px)` }
  if (!info) {
    return (
      // biome-ignore lint/a11y/useSemanticElements: virtualised rows are positioned divs
      // biome-ignore lint/a11y/useFocusableInteractive: a placeholder until its page loads
      <div class="row placeholder" role="row" style={style} data-index={index}>
        <span class="cell key">…</span>
      </div>
    )
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') onOpen(info.name)
    else if (event.key === 'Delete' || event.key === 'Backspace') onDelete(info.name)
    else if (event.key === 'ArrowDown') onMove(index + 1)
    else if (event.key === 'ArrowUp') onMove(index - 1)
    else return
    event.preventDefault()
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: virtualised rows are positioned divs
    <div
      class={selected ? 'row selected' : 'row'}
      role="row"
      tabIndex={0}
      style={style}
      data-index={index}
      data-key={info.name}
      aria-selected={selected}
      onClick={() => onOpen(info.name)}
      onKeyDown={onKeyDown}
    >
      <span class="cell key" title={showControls(info.name)}>
        {showControls(info.name)}
      </span>
      <span class="cell size">{formatBytes(info.size)}</span>
      <span class={`cell type type-${info.type}`}>{info.type}</span>
      <span class="cell expires" title={info.expiration ? formatDate(info.expiration) : ''}>
        {info.expiration ? formatRelative(info.expiration, now) : '—'}
      </span>
      <span class="cell identity">{getIdentity(info.metadata)}</span>
    </div>
  )
}
