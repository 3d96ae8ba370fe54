import { spawn } from 'node:child_process'
import { BIN } from './paths'

export interface CliRun {
  pid: number
  /** Resolves with the exit code (null when killed), stdout and stderr. */
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>
  /** SIGKILL to the run's process group: the CLI and any workerd it started. */
  kill(): void
}

/** Spawns the built `kvdev` bin in `cwd`. */
export function spawnCli(cwd: string, args: string[], input?: Uint8Array | string): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  child.stdin.on('error', () => {})
  child.stdin.end(input ?? '')
  const done = new Promise<{
    code: number | null
    signal: string | null
    stdout: string
    stderr: string
  }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return {
    pid: child.pid!,
    done,
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {}
    },
  }
}
