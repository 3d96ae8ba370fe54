import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const DIST = resolve(import.meta.dirname, '../../dist/index.mjs')

// A child opens a persisted store, reports its workerd pids, and waits to be killed.
const CHILD = `
import { createKvRuntime } from ${JSON.stringify(DIST)}
import { readdirSync, readFileSync } from 'node:fs'
await createKvRuntime({ root: process.argv[1] })
const pids = readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).filter((p) => {
  try {
    const stat = readFileSync('/proc/' + p + '/stat', 'utf8')
    return stat.includes('(workerd)') && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid
  } catch { return false }
})
console.log(JSON.stringify(pids.map(Number)))
setInterval(() => {}, 1000)
`

describe.runIf(process.platform === 'linux')('workerd after a kill -9 of its node process', () => {
  it('is ended by the watchdog, so no orphan keeps the store open', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-orphan-'))
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, root], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      const pids: number[] = await new Promise((done, fail) => {
        child.stdout.setEncoding('utf8').once('data', (line: string) => done(JSON.parse(line)))
        child.once('exit', (code) => fail(new Error(`child exited with ${code}`)))
      })
      expect(pids.length).toBeGreaterThan(0)
      child.kill('SIGKILL')
      await expect.poll(() => pids.filter(isRunning), { timeout: 5000, interval: 100 }).toEqual([])
    } finally {
      child.kill('SIGKILL')
      rmSync(root, { recursive: true, force: true })
    }
  })
})

/** A killed process may linger as a zombie until init reaps it; it holds no files then. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat[stat.lastIndexOf(')') + 2] !== 'Z'
  } catch {
    return false
  }
}
