import { EventEmitter } from 'node:events'
import { existsSync, type FSWatcher, statSync, watch } from 'node:fs'
import { dirname, join, sep } from 'node:path'

/** Editors write a file in several steps (truncate, write, rename): one event once they end. */
const SETTLE_MS = 25

export type FileEvent = 'add' | 'change' | 'unlink'

/** The part of Vite's (chokidar's) watcher kvdev's session uses: `add`, and `all`/`change` events. */
export interface FileWatcher extends EventEmitter {
  add(paths: string | readonly string[]): this
  close(): Promise<void>
}

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * Watches only what kvdev asks for, with `fs.watch`: a directory with all below it (the route
 * files), or a single file through its directory (so one created later or replaced by an
 * editor's rename is seen). Unlike Vite's watcher it never walks the project, so starting it
 * costs a few system calls. Events are chokidar's: `add`, `change`, `unlink`, then `all`.
 */
export function createFileWatcher(): FileWatcher {
  const trees = new Set<string>()
  const files = new Set<string>()
  const existing = new Set<string>()
  const handles = new Map<string, FSWatcher>()
  const pending = new Map<string, NodeJS.Timeout>()
  const emitter = new EventEmitter() as FileWatcher

  const inTree = (path: string) => [...trees].some((tree) => path.startsWith(tree + sep))
  const settle = (path: string) => {
    pending.delete(path)
    const exists = existsSync(path)
    const known = existing.has(path)
    if (exists) existing.add(path)
    else existing.delete(path)
    const event: FileEvent | undefined = exists
      ? known
        ? 'change'
        : 'add'
      : known
        ? 'unlink'
        : undefined
    if (!event) return
    emitter.emit(event, path)
    emitter.emit('all', event, path)
  }
  const onEvent = (dir: string, name: string | null) => {
    if (!name) return
    const path = join(dir, name)
    if (!files.has(path) && !inTree(path)) return
    clearTimeout(pending.get(path))
    pending.set(path, setTimeout(settle, SETTLE_MS, path).unref())
  }
  const open = (dir: string, recursive: boolean) => {
    const key = `${recursive ? 'tree' : 'dir'}:${dir}`
    if (handles.has(key)) return
    try {
      const handle = watch(dir, { recursive, persistent: false }, (_, name) => onEvent(dir, name))
      // A watched directory removed while the server runs ends its events, not the server.
      handle.on('error', () => handles.delete(key))
      handles.set(key, handle)
    } catch {} // a directory that does not exist yet has nothing to report
  }

  emitter.add = (paths) => {
    for (const path of typeof paths === 'string' ? [paths] : paths) {
      if (isDirectory(path)) {
        if (trees.has(path) || inTree(path)) continue
        trees.add(path)
        open(path, true)
        continue
      }
      if (files.has(path)) continue
      files.add(path)
      if (existsSync(path)) existing.add(path)
      if (!inTree(path)) open(dirname(path), false)
    }
    return emitter
  }
  emitter.close = async () => {
    for (const handle of handles.values()) handle.close()
    for (const timer of pending.values()) clearTimeout(timer)
    handles.clear()
    pending.clear()
    emitter.removeAllListeners()
  }
  return emitter
}
