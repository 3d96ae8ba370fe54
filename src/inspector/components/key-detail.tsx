import { useEffect, useState } from 'preact/hooks'
import { API_LIMITS } from '../../constants'
import { api } from '../api/client'
import type { KeyDetail as Detail } from '../api/types'
import { useNow } from '../hooks/use-now'
import { copyText, downloadResponse } from '../lib/download'
import { formatBytes, formatDate, formatRelative } from '../lib/format'
import { getIdentity } from '../lib/identity'
import { bytesToBase64, getDisplayValue, previewBytes } from '../lib/value-text'
import { showControls } from '../lib/visible-text'
import { KeyForm, type KeyFormInitial } from './key-form'

/** Bytes of the value shown before "load full value". */
const PREVIEW_BYTES = API_LIMITS.DEFAULT_PREVIEW_BYTES

interface KeyDetailProps {
  binding: string
  name: string
  version: number
  onDelete: (name: string) => void
  onClose: () => void
  onNotice: (message: string) => void
}

/** One key: bounded preview, full value on request, metadata, live countdown, edit, copy, delete. */
export function KeyDetail({ binding, name, version, onDelete, onClose, onNotice }: KeyDetailProps) {
  const [detail, setDetail] = useState<Detail | null>(null)
  const [bytes, setBytes] = useState<Uint8Array | null>(null)
  const [full, setFull] = useState(false)
  const [missing, setMissing] = useState<string | null>(null)
  const [editing, setEditing] = useState<KeyFormInitial | null>(null)
  const now = useNow()

  useEffect(() => {
    let live = true
    api.key(binding, name, PREVIEW_BYTES).then(
      (loaded) => {
        if (!live) return
        setDetail(loaded)
        setBytes(previewBytes(loaded))
        setFull(!loaded.truncated)
        setMissing(null)
      },
      (error: Error) => live && setMissing(error.message),
    )
    return () => {
      live = false
    }
  }, [binding, name, version])

  const loadFull = async () => {
    const response = await api.value(binding, name)
    const all = new Uint8Array(await response.arrayBuffer())
    setBytes(all)
    setFull(true)
    return all
  }
  const guard = (action: () => Promise<unknown>) => () =>
    action().catch((error: Error) => onNotice(error.message))

  if (missing)
    return (
      <section class="detail">
        <p class="error" role="alert">
          {missing}
        </p>
      </section>
    )
  if (!detail || !bytes)
    return (
      <section class="detail">
        <p class="hint">Loading…</p>
      </section>
    )

  const startEdit = guard(async () => {
    const all = full ? bytes : await loadFull()
    const binary = detail.type === 'binary'
    setEditing({
      key: detail.name,
      value: binary ? bytesToBase64(all) : new TextDecoder().decode(all),
      binary,
      json: detail.type === 'json',
      metadata: detail.metadata === undefined ? '' : JSON.stringify(detail.metadata, null, 2),
      expiration: detail.expiration,
    })
  })
  const identity = getIdentity(detail.metadata)

  return (
    <section class="detail" aria-label="Key details">
      <header class="detail-head">
        <h2 class="key-name">{showControls(detail.name)}</h2>
        <button type="button" class="icon" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </header>
      <dl class="facts">
        <dt>Size</dt>
        <dd>{formatBytes(detail.size)}</dd>
        <dt>Type</dt>
        <dd class={`type-${detail.type}`}>{detail.type}</dd>
        <dt>Expires</dt>
        <dd class="countdown" title={detail.expiration ? formatDate(detail.expiration) : ''}>
          {detail.expiration ? formatRelative(detail.expiration, now) : 'never'}
        </dd>
        {identity ? (
          <>
            <dt>Identity</dt>
            <dd>{identity}</dd>
          </>
        ) : null}
      </dl>
      <div class="toolbar">
        <button
          type="button"
          onClick={guard(() => copyText(detail.name).then(() => onNotice('Key copied.')))}
        >
          Copy key
        </button>
        <button
          type="button"
          onClick={guard(async () => {
            const all = full ? bytes : await loadFull()
            await copyText(
              detail.type === 'binary' ? bytesToBase64(all) : new TextDecoder().decode(all),
            )
            onNotice('Value copied.')
          })}
        >
          Copy value
        </button>
        <button
          type="button"
          onClick={guard(async () => downloadResponse(await api.value(binding, name), 'value.bin'))}
        >
          Download
        </button>
        <button type="button" onClick={startEdit}>
          Edit
        </button>
        <button type="button" class="danger" onClick={() => onDelete(detail.name)}>
          Delete
        </button>
      </div>
      {editing ? (
        <KeyForm
          binding={binding}
          mode="edit"
          initial={editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            onNotice(`Saved ${showControls(detail.name)}.`)
          }}
        />
      ) : (
        <>
          {!full ? (
            <p class="hint truncated">
              Showing the first {formatBytes(bytes.length)} of {formatBytes(detail.size)}.{' '}
              <button type="button" onClick={guard(loadFull)}>
                Load full value
              </button>
            </p>
          ) : null}
          <h3>Value</h3>
          <pre class="value">{getDisplayValue(detail.type, bytes, !full)}</pre>
          <h3>Metadata</h3>
          <pre class="metadata">
            {detail.metadata === undefined ? 'none' : JSON.stringify(detail.metadata, null, 2)}
          </pre>
        </>
      )}
    </section>
  )
}
