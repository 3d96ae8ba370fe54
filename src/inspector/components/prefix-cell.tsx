import { showControls } from '../lib/visible-text'

/** A prefix group's name; a link that filters by it, except for keys without a prefix. */
export function PrefixCell({
  prefix,
  onPick,
}: {
  prefix: string
  onPick: (prefix: string) => void
}) {
  if (!prefix) return <span class="muted">(no prefix)</span>
  return (
    <button type="button" class="link" onClick={() => onPick(prefix)}>
      {showControls(prefix)}
    </button>
  )
}
