import { useEffect, useState } from 'preact/hooks'
import { historyApi } from '../api/history'
import { Modal } from './modal'

interface SnapshotsPanelProps {
  binding: string
  onClose: () => void
  onChanged: (message: string) => void
}

type Snapshot = Awaited<ReturnType<typeof historyApi.snapshots>>['snapshots'][number]
type Diff = Awaited<ReturnType<typeof historyApi.diff>>

/** Snapshots of the binding: save the store now, restore one (open views follow), diff one with the store. */
export function SnapshotsPanel({ binding, onClose, onChanged }: SnapshotsPanelProps) {
  const [snapshots, setSnapshots] = useState<Snapshot[]>([])
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [diff, setDiff] = useState<Diff | null>(null)
  const [restoring, setRestoring] = useState<string | null>(null)
  const [version, setVersion] = useState(0)

  useEffect(() => {
    historyApi.snapshots(binding).then(
      (list) => setSnapshots(list.snapshots),
      (caught: Error) => setError(caught.message),
    )
  }, [binding, version])

  const run = (work: () => Promise<string | undefined>) => {
    setError(null)
    work().then(
      (message) => {
        if (message) onChanged(message)
        setVersion((v) => v + 1)
      },
      (caught: Error) => setError(caught.message),
    )
  }
  const save = (event: Event) => {
    event.preventDefault()
    run(async () => {
      const saved = await historyApi.save(binding, name)
      setName('')
      return `Saved snapshot "${saved.name}": ${saved.keys} keys.`
    })
  }

  return (
    <Modal title={`Snapshots of ${binding}`} onClose={onClose}>
      <form class="snapshot-save" onSubmit={save}>
        <input
          name="snapshot"
          aria-label="Snapshot name"
          placeholder="name"
          value={name}
          onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" disabled={name === ''}>
          Save snapshot
        </button>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <table class="snapshots">
        <tbody>
          {snapshots.map((s) => (
            <tr key={s.name}>
              <td>{s.name}</td>
              <td class="muted">{s.keys} keys</td>
              <td class="muted">{new Date(s.savedAt).toLocaleString()}</td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    run(async () => void setDiff(await historyApi.diff(binding, s.name)))
                  }
                >
                  Diff
                </button>
                {restoring === s.name ? (
                  <button
                    type="button"
                    class="danger"
                    onClick={() =>
                      run(async () => {
                        setRestoring(null)
                        const result = await historyApi.restore(binding, s.name)
                        return `Restored snapshot "${s.name}": ${result.written} keys.`
                      })
                    }
                  >
                    Replace every key
                  </button>
                ) : (
                  <button type="button" onClick={() => setRestoring(s.name)}>
                    Restore…
                  </button>
                )}
                <button
                  type="button"
                  onClick={() =>
                    run(async () => {
                      await historyApi.remove(binding, s.name)
                      return `Deleted snapshot "${s.name}".`
                    })
                  }
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff ? (
        <section class="snapshot-diff" aria-label="Diff">
          <h3>
            From "{diff.a}" to {diff.b === null ? 'the store now' : `"${diff.b}"`}:{' '}
            {diff.added.length} added, {diff.removed.length} removed, {diff.changed.length} changed
          </h3>
          <ul>
            {diff.added.map((key) => (
              <li key={`+${key}`}>+ {key}</li>
            ))}
            {diff.removed.map((key) => (
              <li key={`-${key}`}>- {key}</li>
            ))}
            {diff.changed.map((c) => (
              <li key={`~${c.key}`}>
                ~ {c.key} ({c.changes.join(', ')})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div class="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  )
}
