import { existsSync } from 'node:fs'
import type { DiskStore } from './disk-store'
import { loadSqlite } from './load-sqlite'
import { getNamespaceFiles } from './miniflare-format'

/** The version of a namespace whose SQLite file does not exist yet: nothing was ever committed. */
export const NO_COMMITS = -1

/**
 * What the read cache proves itself current against, for one namespace: SQLite's
 * `data_version` on the connection kvdev writes its files with (it changes when another
 * connection commits: another process, or kvdev's own workerd), `NO_COMMITS` while the
 * file does not exist (any commit creates it, and then the version differs), and undefined
 * where neither can be known (no `node:sqlite`, a schema kvdev does not read).
 */
export function createCommitVersion(
  persistRoot: string,
  namespaceId: string,
  files: () => DiskStore | undefined,
): () => number | undefined {
  const { database } = getNamespaceFiles(persistRoot, namespaceId)
  return () => {
    const disk = files()
    if (disk) return disk.dataVersion()
    if (!loadSqlite() || existsSync(database)) return undefined
    return NO_COMMITS
  }
}
