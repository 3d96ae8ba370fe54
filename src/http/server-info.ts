import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SERVER_INFO_FILE } from '../constants'
import { ensureStateDir } from '../runtime/state-dir'

/** What `<stateDir>/server.json` holds: how the CLI reaches a running dev server. */
export interface ServerInfo {
  /** The server's origin, e.g. `http://localhost:5173`. */
  url: string
  /** The inspector base, e.g. `/__kv`. */
  base: string
  token: string
  pid: number
  root: string
}

/**
 * Writes `server.json` (mode 0600: it holds the token) atomically, by writing a temp
 * file and renaming it over. `remove()` deletes it, only while it is still this process's.
 */
export function writeServerInfo(
  stateDir: string,
  info: ServerInfo,
): { path: string; remove(): void } {
  ensureStateDir(stateDir)
  const path = join(stateDir, SERVER_INFO_FILE)
  // node:crypto from Node's registry when a server writes: every CLI run reads this file, and
  // importing node:crypto costs it milliseconds.
  const { randomBytes } = process.getBuiltinModule('node:crypto')
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    writeFileSync(temp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
  return {
    path,
    remove() {
      try {
        const current = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServerInfo>
        // A newer server may have replaced the file; leave its file alone.
        if (current.pid === info.pid && current.token === info.token) rmSync(path, { force: true })
      } catch {}
    },
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function isServerInfo(value: unknown): value is ServerInfo {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.url === 'string' &&
    typeof v.base === 'string' &&
    typeof v.token === 'string' &&
    typeof v.root === 'string' &&
    Number.isSafeInteger(v.pid) &&
    (v.pid as number) > 0
  )
}

/** The running dev server of a store, or undefined when none: no file, unreadable, or its process is gone. */
export function readServerInfo(stateDir: string): ServerInfo | undefined {
  try {
    const info: unknown = JSON.parse(readFileSync(join(stateDir, SERVER_INFO_FILE), 'utf8'))
    if (!isServerInfo(info) || !isAlive(info.pid)) return undefined
    return { url: info.url, base: info.base, token: info.token, pid: info.pid, root: info.root }
  } catch {
    return undefined
  }
}
