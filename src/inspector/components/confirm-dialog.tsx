import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { Modal } from './modal'

interface ConfirmDialogProps {
  title: string
  children: ComponentChildren
  confirmLabel: string
  /** When set, the user must type this text before the action is enabled. */
  typeToConfirm?: string
  danger?: boolean
  /** False keeps the action disabled (e.g. while a dry run is pending or failed). @default true */
  enabled?: boolean
  onConfirm: () => Promise<void> | void
  onClose: () => void
}

/** Asks before a destructive action; errors from the action show inside the dialog. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ready =
    props.enabled !== false && (props.typeToConfirm === undefined || typed === props.typeToConfirm)
  const confirm = async (event: Event) => {
    event.preventDefault()
    if (!ready) return
    setBusy(true)
    try {
      await props.onConfirm()
      props.onClose()
    } catch (caught) {
      setError((caught as Error).message)
      setBusy(false)
    }
  }
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <form onSubmit={confirm}>
        <div class="dialog-body">{props.children}</div>
        {props.typeToConfirm !== undefined ? (
          <label class="field">
            <span>
              Type <code>{props.typeToConfirm}</code> to confirm
            </span>
            <input
              name="confirm"
              autoComplete="off"
              value={typed}
              onInput={(event) => setTyped((event.currentTarget as HTMLInputElement).value)}
            />
          </label>
        ) : null}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="submit"
            class={props.danger ? 'danger' : 'primary'}
            disabled={!ready || busy}
          >
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  )
}
