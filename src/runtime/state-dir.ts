import { chmodSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Creates kvdev's state directory (the lock, `server.json` and its token) readable by its
 * owner only, and tightens one an older version left open (0755).
 */
export function ensureStateDir(stateDir: string): void {
  mkdirSync(dirname(stateDir), { recursive: true })
  mkdirSync(stateDir, { recursive: true, mode: 0o700 })
  if (process.platform !== 'win32') chmodSync(stateDir, 0o700)
}
