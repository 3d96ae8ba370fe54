import { existsSync, readFileSync } from 'node:fs'
import type { KvRecord } from '../../types/records'
import { type DiskHistory, openDiskHistory } from '../disk/disk-history'
import type { Row } from '../disk/disk-rows'
import { getNamespaceFiles } from '../disk/miniflare-format'
import { type ClockState, readClock, recordJump } from './clock-file'
import { diffRows, type SnapshotDiff } from './snapshot-diff'
import { createSnapshotFiles, type SnapshotInfo } from './snapshot-files'

export interface ExpiringKey {
  name: string
  /** Seconds since the epoch, as listings show it. */
  expiration: number
}

/**
 * The store clock and snapshots of one namespace, on its files: every tool reading the same
 * store (wrangler, `@cloudflare/vite-plugin`) sees a jump or a restore, because it changes the
 * stored rows themselves rather than a clock only kvdev knows.
 */
export interface StoreHistory {
  clock(): Promise<ClockState>
  /** The keys a jump of `seconds` would expire, in key order. */
  preview(seconds: number): Promise<ExpiringKey[]>
  /** Moves the namespace's clock forward: keys expiring within the jump expire, the rest keep their remaining time minus it. */
  advance(seconds: number): Promise<{ expired: number; shifted: number; clock: ClockState }>
  listSnapshots(): Promise<SnapshotInfo[]>
  saveSnapshot(name: string): Promise<SnapshotInfo>
  /** Puts the namespace back exactly as the snapshot holds it. */
  restoreSnapshot(name: string): Promise<{ written: number; deleted: number }>
  /** From snapshot `a` to snapshot `b`, or to the store as it is now. */
  diffSnapshots(a: string, b?: string): Promise<SnapshotDiff>
  deleteSnapshot(name: string): Promise<void>
}

export interface StoreHistoryOptions {
  binding: string
  namespaceId: string
  /** The persistence root (wrangler's `--persist-to`). */
  persistRoot: string
  /** kvdev's state directory: the clock file and the snapshots. */
  stateDir: string
  /** Runs `work` with every other writer of the store held (the gate, or the CLI's lock). */
  exclusive<T>(work: () => T): Promise<T>
  /** After a change: drop cached reads, tell open views. */
  changed(event: { kind: 'clear' | 'seed'; count: number }): void
  /** Makes Miniflare create the namespace's files (a first write through workerd). */
  createFiles?(record: KvRecord): Promise<void>
}

/** The namespace's store clock and snapshots, each operation on its own connection to the files. */
export function createStoreHistory(options: StoreHistoryOptions): StoreHistory {
  const { stateDir, namespaceId } = options
  const snapshots = createSnapshotFiles(stateDir, namespaceId)
  function withDisk<T>(work: (disk: DiskHistory) => T, fallback: T): T {
    const disk = openDiskHistory(options.persistRoot, namespaceId)
    if (!disk) return fallback
    try {
      return work(disk)
    } finally {
      disk.close()
    }
  }
  const hasFiles = () => existsSync(getNamespaceFiles(options.persistRoot, namespaceId).database)
  const toExpiring = (row: Row): ExpiringKey => ({
    name: row.key,
    expiration: Math.floor(row.expiration! / 1000),
  })

  return {
    async clock() {
      return readClock(stateDir, namespaceId)
    },
    async preview(seconds) {
      const now = Date.now()
      return withDisk((disk) => disk.expiring(now, now + seconds * 1000).map(toExpiring), [])
    },
    async advance(seconds) {
      const { expired, shifted } = await options.exclusive(() =>
        withDisk((disk) => disk.advance(Date.now(), seconds * 1000), { expired: [], shifted: 0 }),
      )
      options.changed({ kind: 'clear', count: expired.length })
      const clock = recordJump(stateDir, namespaceId, { seconds, expired: expired.length })
      return { expired: expired.length, shifted, clock }
    },
    async listSnapshots() {
      return snapshots.list()
    },
    async saveSnapshot(name) {
      snapshots.checkFree(name)
      return options.exclusive(() => {
        const now = Date.now()
        const info = (rows: Row[]): SnapshotInfo => ({
          name,
          binding: options.binding,
          namespace: namespaceId,
          savedAt: now,
          keys: rows.length,
        })
        const empty = () => {
          snapshots.write(info([]), [], () => '')
          return info([])
        }
        return (
          withDisk(
            (disk) =>
              disk.readConsistent(now, (rows) => {
                snapshots.write(info(rows), rows, disk.blobPath)
                return info(rows)
              }),
            undefined,
          ) ?? empty()
        )
      })
    },
    async restoreSnapshot(name) {
      const data = snapshots.read(name)
      const first = data.rows[0]
      if (first && !hasFiles() && options.createFiles) {
        // No files yet: Miniflare creates them on a first write, which the restore then replaces.
        const value = readFileSync(snapshots.blobPath(name, first.blob_id)).toString('base64')
        await options.createFiles({ key: first.key, value, base64: true })
      }
      const result = await options.exclusive(() =>
        withDisk((disk) => disk.replace(data.rows, (id) => snapshots.blobPath(name, id)), {
          written: 0,
          deleted: 0,
        }),
      )
      options.changed({ kind: 'seed', count: result.written })
      return result
    },
    async diffSnapshots(a, b) {
      const left = snapshots.read(a)
      const from = { rows: left.rows, blobPath: (id: string) => snapshots.blobPath(a, id) }
      if (b !== undefined) {
        const right = snapshots.read(b)
        const to = { rows: right.rows, blobPath: (id: string) => snapshots.blobPath(b, id) }
        return { a, b, ...diffRows(from, to) }
      }
      // Read under the gate: a blob of the store must not go while it is compared.
      const changes = await options.exclusive(() =>
        withDisk(
          (disk) =>
            disk.readConsistent(Date.now(), (rows) =>
              diffRows(from, { rows, blobPath: disk.blobPath }),
            ),
          diffRows(from, { rows: [], blobPath: () => '' }),
        ),
      )
      return { a, b: null, ...changes }
    },
    async deleteSnapshot(name) {
      snapshots.remove(name)
    },
  }
}
