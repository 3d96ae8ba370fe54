import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, resolve } from 'node:path'
import { CliError, EXIT, usageError } from '../exit'
import { checkProjectWrite } from '../project-path'
import type { FileChange } from './file-change'

/** Why `change` cannot be written as planned, or undefined when it can. */
function findProblem(root: string, change: FileChange): string | undefined {
  const path = resolve(root, change.path)
  try {
    checkProjectWrite(root, change.path)
  } catch (error) {
    return (error as Error).message.replace(/^\[kvdev\] /, '')
  }
  if (change.action === 'create') {
    const link = lstatSync(path, { throwIfNoEntry: false })
    if (link?.isSymbolicLink())
      return `${change.path} is a symlink to ${readlinkSync(path)}, which does not exist. kvdev init creates no file through a link: remove the link, or create the file it names.`
    if (link) return `${change.path} appeared while kvdev init ran. Run \`kvdev init\` again.`
    let dir = dirname(path)
    while (!existsSync(dir)) dir = dirname(dir)
    if (!statSync(dir).isDirectory())
      return `${change.path} needs ${dir} to be a folder, and it is a file. Move it, then run \`kvdev init\` again.`
  } else if (change.action === 'update') {
    if (!statSync(path, { throwIfNoEntry: false })?.isFile())
      return `${change.path} is no longer a file. Run \`kvdev init\` again.`
  }
  return undefined
}

/** Refuses the whole plan, before any write, when one of its targets cannot be written. */
export function checkInitTargets(root: string, changes: readonly FileChange[]): void {
  const problems = changes.flatMap((change) => findProblem(root, change) ?? [])
  if (problems.length === 0) return
  throw usageError(
    `kvdev init changed nothing: ${problems.length === 1 ? problems[0] : `\n  ${problems.join('\n  ')}`}`,
  )
}

/**
 * Writes the planned changes, all or none: every target is checked first, and a write that
 * fails undoes the ones before it. A file is created only if it still does not exist (`wx`),
 * and updated only if it still holds the text the plan was made from: a user's file is never
 * overwritten.
 */
export function applyInit(root: string, changes: readonly FileChange[]): void {
  checkInitTargets(root, changes)
  const undo: (() => void)[] = []
  try {
    for (const change of changes) {
      const path = resolve(root, change.path)
      if (change.after === undefined) continue
      if (change.action === 'create') {
        // The first folder this write creates, if any: undone with the file.
        const made = mkdirSync(dirname(path), { recursive: true })
        if (made) undo.push(() => rmSync(made, { recursive: true, force: true }))
        writeFileSync(path, change.after, { flag: 'wx' })
        undo.push(() => rmSync(path, { force: true }))
      } else if (change.action === 'update') {
        const now = existsSync(path) ? readFileSync(path, 'utf8') : undefined
        if (now !== change.before) {
          throw new CliError(
            EXIT.FAILURE,
            `${change.path} changed while kvdev init ran. Run \`kvdev init\` again.`,
          )
        }
        writeFileSync(path, change.after)
        const before = change.before ?? ''
        undo.push(() => writeFileSync(path, before))
      }
    }
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step()
      } catch {}
    }
    throw error
  }
}
