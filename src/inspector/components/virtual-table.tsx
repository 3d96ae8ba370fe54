import type { ComponentChildren, RefObject } from 'preact'

interface VirtualTableProps {
  /** The list's own class (`key-list`, `request-list`): its column widths. */
  class: string
  label: string
  rowCount: number
  rowHeight: number
  /** Header cells: the cell's extra class ('' for none) and its text. */
  columns: readonly (readonly [string, string])[]
  /** `useVirtualRows`' viewport and scroll handler. */
  viewport: RefObject<HTMLDivElement | null>
  onScroll: (event: Event) => void
  /** The rows in the DOM, positioned by the caller. */
  children: ComponentChildren
  /** Shown in the viewport below the rows (an empty list's hint). */
  after?: ComponentChildren
  /** Shown below the viewport (a load error). */
  footer?: ComponentChildren
}

/** A virtualised list as an ARIA table: a header row, then a viewport holding only the visible rows. */
export function VirtualTable(props: VirtualTableProps) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: virtualised rows are positioned divs; a <table> cannot hold them
    <div class={props.class} role="table" aria-label={props.label} aria-rowcount={props.rowCount}>
      {/* biome-ignore lint/a11y/useSemanticElements: see the table role above */}
      {/* biome-ignore lint/a11y/useFocusableInteractive: the header row is not a target */}
      <div class="row header" role="row">
        {props.columns.map(([name, text]) => (
          <span key={text} class={name ? `cell ${name}` : 'cell'}>
            {text}
          </span>
        ))}
      </div>
      <div class="viewport" ref={props.viewport} onScroll={props.onScroll}>
        <div class="spacer" style={{ height: `${props.rowCount * props.rowHeight}px` }}>
          {props.children}
        </div>
        {props.after}
      </div>
      {props.footer}
    </div>
  )
}
