import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import { KvdevError } from '../errors'

export interface LockOwner {
  pid: number
  /** What holds the store: a dev server or a direct CLI run. */
  role: 'server' | 'cli' | 'library'
  since: number
}

export interface StoreLock {
  owner: LockOwner
  release(): void
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner
  } catch {
    return undefined
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function tryCreate(path: string, owner: LockOwner): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600)
    writeSync(fd, JSON.stringify(owner))
    closeSync(fd)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** Removes a lock whose owner died (kill -9): renamed first, so two cleaners never both win. */
function clearStale(path: string, seen: LockOwner | undefined): void {
  const aside = `${path}.${process.pid}.stale`
  try {
    renameSync(path, aside)
  } catch {
    return
  }
  const moved = readOwner(aside)
  if (moved && seen && moved.pid !== seen.pid && isAlive(moved.pid)) {
    // Someone took the lock between our read and our rename: give it back.
    renameSync(aside, path)
    return
  }
  rmSync(aside, { force: true })
}

/**
 * Takes the store's lock file, so that one process at a time opens the store
 * (two Miniflare processes on one store fail with SQLITE_BUSY). A lock left by
 * a dead process is cleared. While a live process holds it, waits up to
 * `waitMs`, then throws ERR_LOCKED naming the holder.
 */
export async function acquireLock(
  path: string,
  role: LockOwner['role'],
  waitMs = 0,
): Promise<StoreLock> {
  mkdirSync(dirname(path), { recursive: true })
  const owner: LockOwner = { pid: process.pid, role, since: Date.now() }
  const deadline = Date.now() + waitMs
  for (;;) {
    if (tryCreate(path, owner)) break
    const holder = readOwner(path)
    if (!holder || !isAlive(holder.pid)) {
      clearStale(path, holder)
      continue
    }
    if (holder.pid === process.pid) {
      throw new KvdevError('ERR_LOCKED', `The KV store is already open in this process: ${path}.`)
    }
    if (Date.now() >= deadline) {
      const who = holder.role === 'server' ? 'a kvdev dev server' : `another kvdev ${holder.role}`
      throw new KvdevError(
        'ERR_LOCKED',
        `The KV store is in use by ${who} (pid ${holder.pid}): ${path}. Stop it, or run the command while its dev server is up so the command goes through it.`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  let released = false
  const release = () => {
    if (released) return
    released = true
    process.off('exit', release)
    if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true })
  }
  // A process that exits before disposing (Miniflare's own exit hook, a SIGTERM) still frees the store.
  process.on('exit', release)
  return { owner, release }
}
