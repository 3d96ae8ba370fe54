import { useRef, useState } from 'preact/hooks'
import { api } from '../api/client'
import { downloadResponse } from '../lib/download'

export type Dialog =
  | { kind: 'create' }
  | { kind: 'clear' }
  | { kind: 'reseed' }
  | { kind: 'import'; name: string; text: string }
  | { kind: 'delete'; key: string }

interface ActionsBarProps {
  binding: string
  prefix: string
  seedFile: string | null
  onDialog: (dialog: Dialog) => void
  onError: (message: string) => void
}

/** New key, bulk delete, reseed, import and export of the current prefix. */
export function ActionsBar({ binding, prefix, seedFile, onDialog, onError }: ActionsBarProps) {
  const file = useRef<HTMLInputElement>(null)
  const [format, setFormat] = useState<'json' | 'ndjson' | 'csv'>('json')
  const onFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement
    const picked = input.files?.[0]
    input.value = ''
    if (picked) onDialog({ kind: 'import', name: picked.name, text: await picked.text() })
  }
  const exportFile = () =>
    api
      .exportFile(binding, prefix, format)
      .then((response) => downloadResponse(response, `${binding}.${format}`))
      .catch((error: Error) => onError(error.message))
  return (
    <div class="actions-bar">
      <button type="button" class="primary" onClick={() => onDialog({ kind: 'create' })}>
        New key
      </button>
      <button type="button" class="danger" onClick={() => onDialog({ kind: 'clear' })}>
        {prefix ? 'Delete matching…' : 'Delete all…'}
      </button>
      <button
        type="button"
        disabled={!seedFile}
        title={seedFile ?? 'No seed file configured'}
        onClick={() => onDialog({ kind: 'reseed' })}
      >
        Reseed…
      </button>
      <button type="button" onClick={() => file.current?.click()}>
        Import…
      </button>
      <input
        ref={file}
        type="file"
        class="hidden"
        name="import"
        accept=".json,.ndjson,.jsonl"
        onChange={onFile}
      />
      <span class="export">
        <select
          name="format"
          aria-label="Export format"
          value={format}
          onChange={(event) =>
            setFormat((event.currentTarget as HTMLSelectElement).value as typeof format)
          }
        >
          <option value="json">JSON</option>
          <option value="ndjson">NDJSON</option>
          <option value="csv">CSV</option>
        </select>
        <button type="button" onClick={exportFile}>
          Export
        </button>
      </span>
    </div>
  )
}
