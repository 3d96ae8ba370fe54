import { resolve } from 'node:path'
import { getDefaultStateDir } from '../config/default-state-dir'

/**
 * Where a store persists (like wrangler's `--persist-to`), or null in memory. A module of its
 * own so that the plugin finds its store's paths without loading Miniflare.
 */
export function resolvePersistRoot(
  root: string,
  persist: boolean | string | undefined,
): string | null {
  if (persist === false) return null
  if (typeof persist === 'string') return resolve(root, persist)
  return resolve(root, getDefaultStateDir(root))
}
