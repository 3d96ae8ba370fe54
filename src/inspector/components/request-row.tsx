import type { RequestTrace } from '../api/types'
import { showControls } from '../lib/visible-text'

export const REQUEST_ROW_HEIGHT = 30

interface RequestRowProps {
  trace: RequestTrace
  index: number
  /** The persona's name. */
  persona: string
  selected: boolean
  onOpen: (id: number) => void
}

/** One request of the virtualised list: the path gives way first, the status always shows. */
export function RequestRow({ trace, index, persona, selected, onOpen }: RequestRowProps) {
  const { counts, flags } = trace
  const label = `${trace.method} ${showControls(trace.path)}`
  return (
    // biome-ignore lint/a11y/useSemanticElements: virtualised rows are positioned divs
    // biome-ignore lint/a11y/useFocusableInteractive: its button takes the focus
    <div
      class={selected ? 'row selected' : 'row'}
      role="row"
      style={{ transform: `translateY(${index * REQUEST_ROW_HEIGHT}px)` }}
      data-index={index}
      data-request={trace.id}
    >
      <span class="cell request" title={label}>
        <button type="button" class="link" onClick={() => onOpen(trace.id)}>
          {label}
        </button>
      </span>
      <span class={trace.status >= 400 ? 'cell status failed' : 'cell status'}>{trace.status}</span>
      <span class="cell persona" title={trace.persona}>
        {persona}
      </span>
      <span class="cell calls">
        {counts.reads}r · {counts.writes}w · {counts.deletes}d · {counts.lists}l
      </span>
      <span class="cell">
        {flags.length > 0 ? (
          <span class="badge warn" title={flags.map((f) => f.message).join('\n')}>
            {flags.length} flagged
          </span>
        ) : null}
      </span>
    </div>
  )
}
