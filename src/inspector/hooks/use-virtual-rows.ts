import { useLayoutEffect, useRef, useState } from 'preact/hooks'

/** Rows drawn above and below the viewport so fast scrolling shows no gaps. */
const OVERSCAN = 10

/**
 * The window of a virtualised list of `total` rows of `rowHeight` px: only rows `first` to
 * `last` (exclusive) go in the DOM, inside a spacer as tall as every row together.
 */
export function useVirtualRows(total: number, rowHeight: number) {
  const viewport = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)

  useLayoutEffect(() => {
    const element = viewport.current
    if (!element) return
    const observer = new ResizeObserver(() => setHeight(element.clientHeight))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  // A shorter list (a filter) moves the browser's scroll position without a scroll event:
  // read it back, and never draw from below the list's end meanwhile.
  useLayoutEffect(() => {
    if (viewport.current) setScrollTop(viewport.current.scrollTop)
  }, [total])
  const top = Math.min(scrollTop, Math.max(0, total * rowHeight - height))

  return {
    viewport,
    first: Math.max(0, Math.floor(top / rowHeight) - OVERSCAN),
    last: Math.min(total, Math.ceil((top + height) / rowHeight) + OVERSCAN),
    onScroll: (event: Event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop),
  }
}
