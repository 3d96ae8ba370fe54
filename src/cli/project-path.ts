import { lstatSync, readlinkSync, realpathSync } from 'node:fs'
import { isAbsolute, join, parse, relative, resolve, sep } from 'node:path'
import { usageError } from './exit'

/** Symlinks followed before giving up, as the kernel's ELOOP limit. */
const MAX_LINKS = 40

/** True when `path` is `dir` or inside it. */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/**
 * Where a write to `path` lands: every symlink on the way followed, a dangling one too (writing
 * creates its target). `links` lists the links met; parts that do not exist yet stay as named.
 */
export function followLinks(path: string): { target: string; links: string[] } {
  const links: string[] = []
  const start = resolve(path)
  let current = parse(start).root
  const rest = start.slice(current.length).split(sep).filter(Boolean)
  while (rest.length > 0) {
    const next = join(current, rest.shift()!)
    let isLink = false
    try {
      isLink = lstatSync(next).isSymbolicLink()
    } catch {}
    if (!isLink) {
      current = next
      continue
    }
    if (links.length >= MAX_LINKS) break
    links.push(next)
    const target = resolve(current, readlinkSync(next))
    current = parse(target).root
    rest.unshift(...target.slice(current.length).split(sep).filter(Boolean))
  }
  return { target: current, links }
}

/**
 * Refuses a write to `path` (relative to the project `root`) that a symlink takes out of the
 * project: kvdev writes only where the path says (CONTRIBUTING.md#security). A path the user
 * named outside the project is theirs to choose; a link that stays inside is fine.
 */
export function checkProjectWrite(root: string, path: string): void {
  const lexical = resolve(root, path)
  let realRoot = root
  try {
    realRoot = realpathSync.native(root)
  } catch {}
  if (!isInside(root, lexical) && !isInside(realRoot, lexical)) return
  const { target, links } = followLinks(lexical)
  if (links.length === 0 || isInside(realRoot, target)) return
  const shown = relative(root, links[0]!) || links[0]!
  throw usageError(
    `Refusing to write ${path}: ${shown} is a symlink that leads out of the project, to ${target}. kvdev writes no file through a link out of the project; write to ${target} directly, or replace the link with a file.`,
  )
}
