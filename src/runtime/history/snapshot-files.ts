import { randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { KvdevError } from '../../errors'
import { linkOrCopy } from '../disk/disk-history'
import type { Row } from '../disk/disk-rows'
import { sanitisePath } from '../disk/miniflare-format'

/** Snapshots live in kvdev's state directory, which no HTTP route serves (CONTRIBUTING.md#security). */
export const SNAPSHOTS_DIR = 'snapshots'

export interface SnapshotInfo {
  name: string
  binding: string
  namespace: string
  /** When it was saved, ms since the epoch. */
  savedAt: number
  keys: number
}

export interface SnapshotData extends SnapshotInfo {
  rows: Row[]
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export function checkSnapshotName(name: string): string {
  if (!NAME.test(name)) {
    throw new KvdevError(
      'ERR_OPTION',
      `Invalid snapshot name: "${name}". A name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.`,
    )
  }
  return name
}

/**
 * A namespace's snapshots on disk: `<state>/snapshots/<namespace>/<name>/` holds `rows.json`
 * (the index rows) and `blobs/`, hard links to the store's blob files, which Miniflare never
 * changes in place: a snapshot costs one directory entry per value, not a copy.
 */
export function createSnapshotFiles(stateDir: string, namespaceId: string) {
  const root = join(stateDir, SNAPSHOTS_DIR, sanitisePath(namespaceId))
  const dirOf = (name: string) => join(root, checkSnapshotName(name))
  const missing = (name: string) =>
    new KvdevError(
      'ERR_NOT_FOUND',
      `No snapshot named "${name}" for namespace ${namespaceId}. Run \`kvdev snapshot list\` to see the saved ones.`,
    )

  const checkFree = (name: string) => {
    if (!existsSync(dirOf(name))) return
    throw new KvdevError(
      'ERR_CONFLICT',
      `Snapshot already exists: "${name}". Delete it first (\`kvdev snapshot delete ${name}\`) or pick another name.`,
    )
  }

  return {
    blobPath: (name: string, id: string) => join(dirOf(name), 'blobs', id),
    exists: (name: string) => existsSync(join(dirOf(name), 'rows.json')),
    list(): SnapshotInfo[] {
      if (!existsSync(root)) return []
      const infos: SnapshotInfo[] = []
      for (const entry of readdirSync(root)) {
        if (!NAME.test(entry)) continue
        try {
          const { rows: _, ...info } = JSON.parse(
            readFileSync(join(root, entry, 'rows.json'), 'utf8'),
          ) as SnapshotData
          infos.push(info)
        } catch {}
      }
      return infos.sort((a, b) => a.savedAt - b.savedAt)
    },
    read(name: string): SnapshotData {
      try {
        return JSON.parse(readFileSync(join(dirOf(name), 'rows.json'), 'utf8')) as SnapshotData
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw missing(name)
        throw cause
      }
    },
    /**
     * Writes a snapshot into a fresh directory and renames it into place when complete: an
     * interrupted save leaves no snapshot behind, never half of one.
     */
    checkFree,
    write(info: SnapshotInfo, rows: Row[], blobPath: (id: string) => string): void {
      checkFree(info.name)
      const target = dirOf(info.name)
      const partial = join(root, `.partial-${randomBytes(6).toString('hex')}`)
      mkdirSync(join(partial, 'blobs'), { recursive: true, mode: 0o700 })
      try {
        for (const row of rows)
          linkOrCopy(blobPath(row.blob_id), join(partial, 'blobs', row.blob_id))
        const data: SnapshotData = { ...info, rows }
        writeFileSync(join(partial, 'rows.json'), JSON.stringify(data), { mode: 0o600 })
        renameSync(partial, target)
      } catch (error) {
        rmSync(partial, { recursive: true, force: true })
        throw error
      }
    },
    remove(name: string): void {
      const dir = dirOf(name)
      if (!existsSync(join(dir, 'rows.json'))) throw missing(name)
      // Renamed away first, so a reader never finds a snapshot with part of its blobs gone.
      const doomed = join(root, `.deleted-${randomBytes(6).toString('hex')}`)
      renameSync(dir, doomed)
      rmSync(doomed, { recursive: true, force: true })
    },
  }
}

export type SnapshotFiles = ReturnType<typeof createSnapshotFiles>
