import { useEffect, useRef } from 'preact/hooks'
import type { CountResponse } from '../api/types'
import { formatCount } from '../lib/format'

interface FilterBarProps {
  prefix: string
  count: CountResponse | null
  onPrefix: (prefix: string) => void
}

/** Prefix filter with exact counts; `/` anywhere focuses it. */
export function FilterBar({ prefix, count, onPrefix }: FilterBarProps) {
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement
      if (event.key !== '/' || target.closest('input, textarea, select, [contenteditable]')) return
      event.preventDefault()
      input.current?.focus()
      input.current?.select()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
  return (
    <div class="filter-bar">
      <input
        ref={input}
        type="search"
        name="prefix"
        placeholder="Filter by prefix  ( / )"
        aria-label="Filter by prefix"
        autoComplete="off"
        spellcheck={false}
        value={prefix}
        onInput={(event) => onPrefix((event.currentTarget as HTMLInputElement).value)}
      />
      <output
        class="counts"
        aria-live="polite"
        data-matched={count?.matched}
        data-total={count?.total}
      >
        {count
          ? prefix
            ? `${formatCount(count.matched)} of ${formatCount(count.total)} keys match`
            : `${formatCount(count.total)} keys`
          : '…'}
      </output>
    </div>
  )
}
