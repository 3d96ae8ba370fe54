import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const BIN = join(import.meta.dirname, '../../bin/kvdev.mjs')

function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
  } catch {
    return undefined
  }
}

/**
 * Runs the built CLI (`kvdev <args>` in `cwd`) as a user does, its stdout drained and counted by
 * this process (a pipe: the CLI must wait for it), and samples its resident memory from
 * /proc every `everyMs`: `peakMiB` is the kernel's high-water mark (VmHWM) at the last sample.
 * @returns {Promise<{ ms: number, code: number, stdoutBytes: number, lines: number, peakMiB: number, samples: number, head: string, tail: string, stderr: string }>}
 */
export function runCliMeasured(cwd, args, { everyMs = 20 } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let peakMiB = 0
    let samples = 0
    const sample = () => {
      const m = memoryOf(child.pid)
      if (!m) return
      samples++
      peakMiB = Math.max(peakMiB, m.peak, m.rss)
    }
    const timer = setInterval(sample, everyMs)
    let stdoutBytes = 0
    let lines = 0
    let head = ''
    let tail = ''
    child.stdout.on('data', (chunk) => {
      if (head.length < 200) head += chunk.toString('utf8', 0, 200)
      stdoutBytes += chunk.length
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++
      tail = (tail + chunk.toString('utf8', Math.max(0, chunk.length - 200))).slice(-200)
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      clearInterval(timer)
      resolve({
        ms: performance.now() - start,
        code,
        stdoutBytes,
        lines,
        peakMiB,
        samples,
        head,
        tail,
        stderr,
      })
    })
  })
}
