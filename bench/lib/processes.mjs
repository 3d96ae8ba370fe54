import { readdirSync, readFileSync } from 'node:fs'

/** Resident memory in MiB of this process and every descendant (workerd included). */
export function treeRssMiB(rootPid = process.pid) {
  const parents = new Map()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parents.set(Number(entry), ppid)
    } catch {}
  }
  const inTree = (pid) => {
    for (let p = pid; p; p = parents.get(p)) if (p === rootPid) return true
    return false
  }
  let kib = 0
  for (const pid of parents.keys()) {
    if (!inTree(pid)) continue
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (match) kib += Number(match[1])
    } catch {}
  }
  return kib / 1024
}
