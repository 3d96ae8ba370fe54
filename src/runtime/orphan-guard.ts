import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** workerd processes this process started (Linux: read from /proc; elsewhere none are found). */
export function findWorkerdChildren(parent = process.pid): number[] {
  if (process.platform !== 'linux') return []
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const name = stat.slice(stat.indexOf('(') + 1, close)
      const ppid = Number(stat.slice(close + 2).split(' ')[1])
      if (ppid === parent && name === 'workerd') found.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return found
}

/**
 * workerd outlives a Node process killed with SIGKILL and keeps the store open, so a
 * detached watchdog ends it when this process is gone. `stop()` on a normal close.
 */
export function guardChildren(children: number[]): () => void {
  if (children.length === 0 || process.platform === 'win32') return () => {}
  const script =
    'p=$1; shift; while kill -0 "$p" 2>/dev/null; do sleep 0.5; done; kill -9 "$@" 2>/dev/null'
  const watchdog = spawn(
    'sh',
    ['-c', script, 'kvdev-watchdog', String(process.pid), ...children.map(String)],
    {
      detached: true,
      stdio: 'ignore',
    },
  )
  watchdog.on('error', () => {})
  watchdog.unref()
  return () => {
    try {
      if (watchdog.pid) process.kill(watchdog.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
}
