import { resolve } from 'node:path'
import { KVDEV_STATE_SUBDIR, LOCK_FILE } from '../../constants'
import { createCommitVersion } from '../disk/commit-version'
import { type DiskStore, openDiskStore } from '../disk/disk-store'
import { createLazyDisk, type LazyDiskOptions } from '../disk/lazy-disk'
import { probeFiles } from '../disk/probe'
import type { GatedTransport } from '../gate'
import { acquireLock, type LockOwner } from '../lock'
import { withFallback } from './fallback'
import { createFilesBackend, type FilesBackend } from './files'
import type { NamespaceBackend } from './types'
import { createWorkerdBackend } from './workerd'

export interface ChosenBackend {
  backend: NamespaceBackend<never>
  /** What the read cache proves itself current against: the files' `data_version` (persisted only). */
  dataVersion?: () => number | undefined
  close(): void
}

/**
 * The one place a namespace's backend is chosen, for every process that runs a workerd
 * (`createKvRuntime`: the plugin, `kvdev dev`, the library, the CLI when it starts one). In memory,
 * workerd answers everything. Persisted, the files answer what they can answer exactly, once
 * Miniflare has created them and the probe has proven them equal on this install (a tested
 * Miniflare and workerd, a known schema), or the store records that a probe did (`proof`:
 * then they answer before workerd is up); workerd answers the rest.
 */
export function chooseBackend(
  transport: GatedTransport,
  namespace: { binding: string; id: string },
  persistRoot: string | null,
  proof: Pick<LazyDiskOptions, 'trusted' | 'used'> = {},
): ChosenBackend {
  const workerd = createWorkerdBackend(transport, namespace.binding)
  if (!persistRoot) return { backend: workerd, close: () => {} }
  const files = createLazyDisk(persistRoot, namespace.id, {
    ...proof,
    probe: () => probeFiles(persistRoot, transport),
  })
  const onFiles = createFilesBackend({ files: files.get, gate: transport, settled: files.settled })
  return {
    backend: withFallback(onFiles, workerd),
    dataVersion: createCommitVersion(persistRoot, namespace.id, files.get),
    close: files.close,
  }
}

export type StandaloneBackend<R> =
  | { kind: 'files'; backend: FilesBackend; files: DiskStore; close(): void }
  | { kind: 'workerd'; runtime: R }

/**
 * The choice for a process with no workerd of its own (the CLI): under the store's lock, the
 * namespace's files, read and written in place with no workerd to start; where they can't be
 * used (Miniflare has not created the namespace, an unknown schema, untested versions, no
 * built-in SQLite), `start()` starts a runtime (`createKvRuntime`), which chooses again with workerd.
 */
export async function chooseStandalone<R>(
  persistRoot: string,
  namespaceId: string,
  role: LockOwner['role'],
  lockWaitMs: number,
  start: () => Promise<R>,
): Promise<StandaloneBackend<R>> {
  const lock = await acquireLock(
    resolve(persistRoot, KVDEV_STATE_SUBDIR, LOCK_FILE),
    role,
    lockWaitMs,
  )
  let files: DiskStore | undefined
  try {
    files = openDiskStore(persistRoot, namespaceId)
  } finally {
    if (!files) lock.release()
  }
  if (files) {
    const disk = files
    return {
      kind: 'files',
      backend: createFilesBackend({ files: () => disk }),
      files: disk,
      close() {
        disk.close()
        lock.release()
      },
    }
  }
  return { kind: 'workerd', runtime: await start() }
}
