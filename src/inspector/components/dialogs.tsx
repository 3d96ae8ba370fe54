import { api } from '../api/client'
import { showControls } from '../lib/visible-text'
import type { Dialog } from './actions-bar'
import { ClearDialog } from './clear-dialog'
import { ConfirmDialog } from './confirm-dialog'
import { KeyForm } from './key-form'
import { Modal } from './modal'
import { SeedDialog } from './seed-dialog'

interface DialogsProps {
  dialog: Dialog | null
  binding: string
  prefix: string
  seedFile: string | null
  onClose: () => void
  onChanged: (message: string, open?: string | null) => void
}

/** The open modal, if any: create, delete, delete matching, reseed, import. */
export function Dialogs({ dialog, binding, prefix, seedFile, onClose, onChanged }: DialogsProps) {
  if (!dialog) return null
  switch (dialog.kind) {
    case 'create':
      return (
        <Modal title="New key" onClose={onClose}>
          <KeyForm
            binding={binding}
            mode="create"
            initial={{ key: prefix, value: '', binary: false, json: false, metadata: '' }}
            onCancel={onClose}
            onSaved={(key) => {
              onClose()
              onChanged(`Created ${showControls(key)}.`, key)
            }}
          />
        </Modal>
      )
    case 'delete':
      return (
        <ConfirmDialog
          title="Delete key"
          confirmLabel="Delete"
          danger
          onConfirm={async () => {
            await api.remove(binding, dialog.key)
            onChanged(`Deleted ${showControls(dialog.key)}.`, null)
          }}
          onClose={onClose}
        >
          <p>
            Delete <code>{showControls(dialog.key)}</code> from <code>{binding}</code>?
          </p>
        </ConfirmDialog>
      )
    case 'clear':
      return (
        <ClearDialog
          binding={binding}
          prefix={prefix}
          onClose={onClose}
          onDone={(deleted) => onChanged(`Deleted ${deleted} keys.`, null)}
        />
      )
    case 'reseed':
    case 'import':
      return (
        <SeedDialog
          binding={binding}
          seedFile={seedFile}
          upload={dialog.kind === 'import' ? dialog : undefined}
          onClose={onClose}
          onDone={({ written, deleted }) => onChanged(`Wrote ${written} keys, deleted ${deleted}.`)}
        />
      )
  }
}
