import { useState } from 'preact/hooks'
import { api } from '../api/client'
import { useLoader } from '../hooks/use-loader'
import { formatCount } from '../lib/format'
import { ConfirmDialog } from './confirm-dialog'

interface SeedDialogProps {
  binding: string
  /** The configured seed file, for reseeding; null when importing a file. */
  seedFile: string | null
  /** The file to import, read in the browser. */
  upload?: { name: string; text: string }
  onDone: (result: { written: number; deleted: number }) => void
  onClose: () => void
}

type SeedMode = 'merge' | 'replace'

const MODES: [SeedMode, string][] = [
  ['merge', 'Merge: write these keys, keep the others'],
  ['replace', 'Replace: delete every other key of the namespace'],
]

/** Reseeds from the seed file or imports a file (any seed format), merging or replacing. */
export function SeedDialog({ binding, seedFile, upload, onDone, onClose }: SeedDialogProps) {
  const [mode, setMode] = useState<SeedMode>('merge')
  const body = upload ? { text: upload.text, file: upload.name } : {}
  // Validates the file and counts what would change before anything is written.
  const dryRun = useLoader(() => api.seedDryRun(binding, mode, body), [binding, mode, upload])
  const source = upload ? upload.name : (seedFile ?? 'the seed file')
  return (
    <ConfirmDialog
      title={upload ? 'Import file' : 'Reseed'}
      confirmLabel={mode === 'replace' ? 'Replace all keys' : 'Merge'}
      danger={mode === 'replace'}
      enabled={dryRun.data !== null && dryRun.error === null}
      onConfirm={async () => onDone(await api.seed(binding, mode, body))}
      onClose={onClose}
    >
      <p>
        Write the records of <code>{source}</code> into <code>{binding}</code>.
      </p>
      {dryRun.error ? (
        <p class="error" role="alert">
          {dryRun.error}
        </p>
      ) : dryRun.data ? (
        <p class="dry-run">
          {formatCount(dryRun.data.records)} records to write
          {mode === 'replace'
            ? `; ${formatCount(dryRun.data.wouldDelete)} existing keys deleted first`
            : ''}
          .
        </p>
      ) : (
        <p class="muted">Checking…</p>
      )}
      <fieldset class="field">
        <legend>Mode</legend>
        {MODES.map(([value, label]) => (
          <label class="check" key={value}>
            <input
              type="radio"
              name="mode"
              value={value}
              checked={mode === value}
              onChange={() => setMode(value)}
            />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
    </ConfirmDialog>
  )
}
