import { useEffect, useState } from 'preact/hooks'
import { historyApi } from '../api/history'
import { ConfirmDialog } from './confirm-dialog'
import { SnapshotsPanel } from './snapshots-panel'

interface HistoryControlsProps {
  binding: string
  /** Bumped on every change event, so the clock follows a jump made elsewhere (the CLI). */
  version: number
  onError: (message: string) => void
  onChanged: (message: string) => void
}

type Preview = Awaited<ReturnType<typeof historyApi.preview>>

/** Keys a preview shows by name; the rest are counted. */
const SHOWN = 20

/**
 * The store clock and snapshots in the header, for a persisted store: "store clock +1 h" once
 * moved, a jump that first lists the keys it would expire, then moves the stored expirations
 * (every tool sees it), and the snapshots panel.
 */
export function HistoryControls({ binding, version, onError, onChanged }: HistoryControlsProps) {
  const [available, setAvailable] = useState(false)
  const [snapshots, setSnapshots] = useState(false)
  const [label, setLabel] = useState<string | null>(null)
  const [duration, setDuration] = useState('1h')
  const [preview, setPreview] = useState<(Preview & { duration: string }) | null>(null)

  useEffect(() => {
    if (!binding) return
    historyApi.clock(binding).then(
      (clock) => {
        setAvailable(clock.available)
        setLabel(clock.advancedSeconds > 0 ? clock.label : null)
      },
      () => setAvailable(false),
    )
  }, [binding, version])

  const ask = (event: Event) => {
    event.preventDefault()
    historyApi.preview(binding, duration).then(
      (result) => setPreview({ ...result, duration }),
      (error: Error) => onError(error.message),
    )
  }

  if (!available) return null
  return (
    <>
      <form class="clock" aria-label="Store clock" onSubmit={ask}>
        {label ? <span class="badge warn">store clock +{label}</span> : null}
        <input
          name="duration"
          aria-label="Advance by"
          value={duration}
          size={5}
          onInput={(event) => setDuration((event.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">Advance time…</button>
        <button type="button" onClick={() => setSnapshots(true)}>
          Snapshots
        </button>
      </form>
      {snapshots ? (
        <SnapshotsPanel
          binding={binding}
          onClose={() => setSnapshots(false)}
          onChanged={onChanged}
        />
      ) : null}
      {preview ? (
        <ConfirmDialog
          title={`Advance ${binding} by ${preview.label}`}
          confirmLabel="Advance"
          onClose={() => setPreview(null)}
          onConfirm={async () => {
            const result = await historyApi.advance(binding, preview.duration)
            setLabel(result.clock.label)
            onChanged(
              `Store clock +${result.clock.label}: ${result.expired} key${result.expired === 1 ? '' : 's'} expired.`,
            )
          }}
        >
          <p>
            {preview.total === 0
              ? 'No key expires within this jump.'
              : `${preview.total} key${preview.total === 1 ? '' : 's'} would expire:`}
          </p>
          {preview.total > 0 ? (
            <ul class="expiring">
              {preview.keys.slice(0, SHOWN).map((k) => (
                <li key={k.name}>{k.name}</li>
              ))}
              {preview.total > SHOWN ? <li>… and {preview.total - SHOWN} more</li> : null}
            </ul>
          ) : null}
          <p class="muted">
            Every other expiration moves {preview.label} earlier, in the store's files: wrangler and
            the Vite plugin on this store see it too.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}
