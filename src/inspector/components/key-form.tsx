import { useState } from 'preact/hooks'
import { ApiError, api } from '../api/client'
import { checkJson, checkWrite } from '../lib/limits'
import { showControls } from '../lib/visible-text'
import { type ExpirationChoice, ExpirationField, resolveExpiration } from './expiration-field'

export interface KeyFormInitial {
  key: string
  /** Raw text of the value; for binary values, its base64. */
  value: string
  binary: boolean
  json: boolean
  metadata: string
  expiration?: number
}

interface KeyFormProps {
  binding: string
  initial: KeyFormInitial
  mode: 'create' | 'edit'
  onSaved: (key: string) => void
  onCancel: () => void
}

interface TextAreaProps {
  label: string
  name: string
  rows: number
  value: string
  onInput: (event: Event) => void
}

/** A labelled text field, not spell-checked: values and metadata are data, not prose. */
function TextArea({ label, name, rows, value, onInput }: TextAreaProps) {
  return (
    <label class="field">
      <span>{label}</span>
      <textarea name={name} rows={rows} spellcheck={false} value={value} onInput={onInput} />
    </label>
  )
}

/** Creates or edits a key: value as raw text, metadata as JSON, expiration; limits checked first. */
export function KeyForm({ binding, initial, mode, onSaved, onCancel }: KeyFormProps) {
  const [key, setKey] = useState(initial.key)
  const [value, setValue] = useState(initial.value)
  const [json, setJson] = useState(initial.json)
  const [metadata, setMetadata] = useState(initial.metadata)
  const [expiration, setExpiration] = useState<ExpirationChoice>(
    initial.expiration ? { mode: 'keep', expiration: initial.expiration } : { mode: 'none' },
  )
  const [error, setError] = useState<string | null>(null)
  const [overwrite, setOverwrite] = useState(false)
  const [busy, setBusy] = useState(false)

  const save = async (force: boolean) => {
    const now = Date.now()
    const absolute = resolveExpiration(expiration, now)
    const problem =
      checkWrite({
        key,
        value: initial.binary ? '' : value,
        metadata,
        expiration: absolute,
        nowMs: now,
      }) ?? (json && !initial.binary ? checkJson(value) : null)
    if (problem) return setError(problem)
    setBusy(true)
    setError(null)
    try {
      await api.put(binding, key, {
        value,
        base64: initial.binary || undefined,
        metadata: metadata.trim() ? JSON.parse(metadata) : undefined,
        expiration: expiration.mode === 'keep' ? absolute : undefined,
        expiration_ttl: expiration.mode === 'ttl' ? Number(expiration.seconds) : undefined,
        ifAbsent: mode === 'create' && !force ? true : undefined,
      })
      onSaved(key)
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) setOverwrite(true)
      else setError((caught as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const input = (setter: (text: string) => void) => (event: Event) =>
    setter((event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value)

  return (
    <form
      class="key-form"
      // The house-style messages below replace the browser's own validation bubbles.
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void save(false)
      }}
    >
      {mode === 'create' ? (
        <label class="field">
          <span>Key</span>
          <input name="key" required autoComplete="off" value={key} onInput={input(setKey)} />
        </label>
      ) : null}
      {initial.binary ? (
        <p class="hint">Binary value: kept as it is; metadata and expiration can change.</p>
      ) : (
        <TextArea label="Value" name="value" rows={12} value={value} onInput={input(setValue)} />
      )}
      {!initial.binary ? (
        <label class="check">
          <input
            type="checkbox"
            name="json"
            checked={json}
            onChange={(event) => setJson((event.currentTarget as HTMLInputElement).checked)}
          />
          <span>Validate as JSON (saved as typed, digits kept)</span>
        </label>
      ) : null}
      <TextArea
        label="Metadata (JSON, optional)"
        name="metadata"
        rows={3}
        value={metadata}
        onInput={input(setMetadata)}
      />
      <ExpirationField value={expiration} current={initial.expiration} onChange={setExpiration} />
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {overwrite ? (
        <div class="warning" role="alert">
          <span>
            Key <code>{showControls(key)}</code> already exists. Overwrite it?
          </span>
          <button type="button" class="danger" disabled={busy} onClick={() => void save(true)}>
            Overwrite
          </button>
        </div>
      ) : null}
      <div class="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {mode === 'create' ? 'Create' : 'Save'}
        </button>
      </div>
    </form>
  )
}
