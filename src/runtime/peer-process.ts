import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import type { Socket } from 'node:net'

/** The inode of the TCP socket whose local port is `port` and remote port `remotePort`. */
function socketInode(port: number, remotePort: number): string | undefined {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n')) {
      const fields = line.trim().split(/\s+/)
      const local = Number.parseInt(fields[1]?.split(':')[1] ?? '', 16)
      const remote = Number.parseInt(fields[2]?.split(':')[1] ?? '', 16)
      if (local === port && remote === remotePort) return fields[9]
    }
  }
  return undefined
}

function holds(pid: string, link: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === link
      } catch {
        return false
      }
    })
  } catch {
    return false
  }
}

/**
 * Linux: whether the peer of a loopback connection is a child of this process (the workerd it
 * started), found as any process of the user can, through /proc. Elsewhere: undefined.
 */
export function isFromChildProcess(socket: Socket): boolean | undefined {
  if (process.platform !== 'linux') return undefined
  if (socket.remotePort === undefined || socket.localPort === undefined) return false
  const inode = socketInode(socket.remotePort, socket.localPort)
  if (!inode) return false
  let children: string[]
  try {
    children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
  } catch {
    return undefined
  }
  return children.some((pid) => holds(pid, `socket:[${inode}]`))
}
