import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { CliError, EXIT } from '../exit'
import type { FileChange } from './plan-init'

/**
 * Writes the planned changes. A file is created only if it still does not exist (`wx`), and
 * updated only if it still holds the text the plan was made from: a user's file is never
 * overwritten.
 */
export function applyInit(root: string, changes: readonly FileChange[]): void {
  for (const change of changes) {
    const path = resolve(root, change.path)
    if (change.after === undefined) continue
    if (change.action === 'create') {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, change.after, { flag: 'wx' })
    } else if (change.action === 'update') {
      const now = existsSync(path) ? readFileSync(path, 'utf8') : undefined
      if (now !== change.before) {
        throw new CliError(
          EXIT.FAILURE,
          `${change.path} changed while kvdev init ran. Run \`kvdev init\` again.`,
        )
      }
      writeFileSync(path, change.after)
    }
  }
}
