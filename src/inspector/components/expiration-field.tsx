import { KV_LIMITS } from '../../constants'
import { formatDate } from '../lib/format'

export type ExpirationChoice =
  | { mode: 'none' }
  | { mode: 'keep'; expiration: number }
  | { mode: 'ttl'; seconds: string }

interface ExpirationFieldProps {
  value: ExpirationChoice
  /** The key's current expiration, offered as "keep". */
  current?: number
  onChange: (value: ExpirationChoice) => void
}

/** Absolute expiration (seconds since epoch) a choice stands for, or undefined for none. */
export function resolveExpiration(choice: ExpirationChoice, nowMs: number): number | undefined {
  if (choice.mode === 'none') return undefined
  if (choice.mode === 'keep') return choice.expiration
  return Math.round(nowMs / 1000) + Number(choice.seconds)
}

export function ExpirationField({ value, current, onChange }: ExpirationFieldProps) {
  const select = (mode: string) => {
    if (mode === 'keep' && current) onChange({ mode: 'keep', expiration: current })
    else if (mode === 'ttl') onChange({ mode: 'ttl', seconds: '3600' })
    else onChange({ mode: 'none' })
  }
  return (
    <fieldset class="field expiration-field">
      <legend>Expiration</legend>
      <select
        name="expiration-mode"
        aria-label="Expiration"
        value={value.mode}
        onChange={(event) => select((event.currentTarget as HTMLSelectElement).value)}
      >
        <option value="none">Never</option>
        {current ? <option value="keep">Keep ({formatDate(current)})</option> : null}
        <option value="ttl">In … seconds</option>
      </select>
      {value.mode === 'ttl' ? (
        <input
          name="ttl"
          type="number"
          aria-label="Seconds from now"
          min={KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS}
          step={1}
          value={value.seconds}
          onInput={(event) =>
            onChange({ mode: 'ttl', seconds: (event.currentTarget as HTMLInputElement).value })
          }
        />
      ) : null}
    </fieldset>
  )
}
