import { useEffect, useRef } from 'preact/hooks'
import type { CountResponse } from '../api/types'
import { formatCount } from '../lib/format'

/** How the filter matches key names: from the start (`prefix`) or anywhere (`contains`). */
export type FilterMode = 'prefix' | 'contains'

interface FilterBarProps {
  text: string
  mode: FilterMode
  count: CountResponse | null
  /** In `contains` mode: the matches loaded so far, and whether that is all of them. */
  found: { loaded: number; complete: boolean }
  onText: (text: string) => void
  onMode: (mode: FilterMode) => void
}

const PLACEHOLDER: Record<FilterMode, string> = {
  prefix: 'Filter by prefix  ( / )',
  contains: 'Key names containing… (case-sensitive)  ( / )',
}

/** Prefix or substring filter with exact counts; `/` anywhere focuses it. */
export function FilterBar({ text, mode, count, found, onText, onMode }: FilterBarProps) {
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
  const label = mode === 'prefix' ? 'Filter by prefix' : 'Search key names'
  return (
    <div class="filter-bar">
      <select
        name="match"
        aria-label="Match key names"
        title="Prefix: names starting with the text. Contains: the text anywhere in the name, case-sensitive, every character literal."
        value={mode}
        onChange={(event) => onMode((event.currentTarget as HTMLSelectElement).value as FilterMode)}
      >
        <option value="prefix">Starts with</option>
        <option value="contains">Contains</option>
      </select>
      <input
        ref={input}
        type="search"
        name={mode === 'prefix' ? 'prefix' : 'search'}
        placeholder={PLACEHOLDER[mode]}
        aria-label={label}
        autoComplete="off"
        spellcheck={false}
        value={text}
        onInput={(event) => onText((event.currentTarget as HTMLInputElement).value)}
      />
      <output
        class="counts"
        aria-live="polite"
        data-matched={mode === 'prefix' || !text ? count?.matched : undefined}
        data-total={count?.total}
      >
        {!count || (mode === 'contains' && text && found.loaded === 0 && !found.complete)
          ? '…'
          : !text
            ? `${formatCount(count.total)} keys`
            : mode === 'prefix'
              ? `${formatCount(count.matched)} of ${formatCount(count.total)} keys match`
              : `${formatCount(found.loaded)}${found.complete ? '' : '+'} of ${formatCount(count.total)} keys contain it`}
      </output>
    </div>
  )
}
