import { api } from '../api/client'
import { useLoader } from '../hooks/use-loader'
import { formatCount } from '../lib/format'
import { showControls } from '../lib/visible-text'
import { ConfirmDialog } from './confirm-dialog'
import { Modal } from './modal'

interface ClearDialogProps {
  binding: string
  prefix: string
  onDone: (deleted: number) => void
  onClose: () => void
}

/** "Delete all matching prefix": a dry-run count first, then the user types it to confirm. */
export function ClearDialog({ binding, prefix, onDone, onClose }: ClearDialogProps) {
  const dryRun = useLoader(() => api.clearDryRun(binding, prefix), [binding, prefix])
  const count = dryRun.data?.count
  if (count === undefined) {
    return (
      <Modal title="Delete matching keys" onClose={onClose}>
        {dryRun.error ? (
          <p class="error" role="alert">
            {dryRun.error}
          </p>
        ) : (
          <p>Counting…</p>
        )}
        <div class="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </Modal>
    )
  }
  return (
    <ConfirmDialog
      title="Delete matching keys"
      confirmLabel={`Delete ${formatCount(count)} keys`}
      danger
      typeToConfirm={String(count)}
      onConfirm={async () => onDone((await api.clear(binding, prefix)).deleted)}
      onClose={onClose}
    >
      <p>
        This deletes <strong data-count={count}>{formatCount(count)}</strong>{' '}
        {prefix ? (
          <>
            keys starting with <code>{showControls(prefix)}</code>
          </>
        ) : (
          'keys: every key of the namespace'
        )}{' '}
        from <code>{binding}</code>. It cannot be undone.
      </p>
    </ConfirmDialog>
  )
}
