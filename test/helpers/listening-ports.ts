import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

/** Socket inodes a process holds open, read from `/proc/<pid>/fd` as any process of the user can. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>()
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
      if (match) inodes.add(match[1]!)
    } catch {
      // Closed while we looked.
    }
  }
  return inodes
}

/** TCP ports `pid` listens on, from `/proc/net/tcp{,6}` (state 0A is LISTEN). */
export function listeningPorts(pid: number): number[] {
  const inodes = socketInodes(pid)
  const ports = new Set<number>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      if (fields[3] !== '0A' || !inodes.has(fields[9]!)) continue
      ports.add(Number.parseInt(fields[1]!.split(':')[1]!, 16))
    }
  }
  return [...ports].sort((a, b) => a - b)
}

/** workerd processes started by `parent`. */
export function workerdChildren(parent: number): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const ppid = Number(stat.slice(close + 2).split(' ')[1])
      if (ppid === parent && stat.slice(stat.indexOf('(') + 1, close) === 'workerd') {
        found.push(Number(entry))
      }
    } catch {
      // Ended while we looked.
    }
  }
  return found
}
