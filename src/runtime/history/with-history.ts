import type { KvChangeEvent } from '../../types/records'
import type { GatedTransport } from '../gate'
import type { KvStore } from '../store'
import { createStoreHistory } from './store-history'

export interface WithHistoryOptions {
  persistRoot: string
  stateDir: string
  gate: GatedTransport
  /** Drops the read cache: a jump or a restore changes keys it did not see one by one. */
  invalidate(): void
  emit(event: Omit<KvChangeEvent, 'binding' | 'at'>): void
}

/**
 * A persisted store with its clock and snapshots. Their writes hold the gate, as kvdev's
 * other writes on the files do, and end by dropping every cached read and telling open
 * views, so every reader (routes, the inspector, the binding) sees the new state next.
 */
export function withHistory(store: KvStore, options: WithHistoryOptions): KvStore {
  const history = createStoreHistory({
    binding: store.binding,
    namespaceId: store.id,
    persistRoot: options.persistRoot,
    stateDir: options.stateDir,
    exclusive: (work) =>
      options.gate.exclusive(() => {
        try {
          return work()
        } finally {
          options.invalidate()
        }
      }),
    changed: ({ kind, count }) => {
      options.invalidate()
      options.emit({ kind, count })
    },
    createFiles: async (record) => {
      await store.write([record])
    },
  })
  return { ...store, history }
}
