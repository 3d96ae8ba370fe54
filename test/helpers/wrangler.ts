import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { getNode22 } from './node22'

const WRANGLER = resolve(import.meta.dirname, '../../node_modules/wrangler/bin/wrangler.js')

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the real wrangler CLI in `cwd`, offline and without telemetry. */
export function runWrangler(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(getNode22(), [WRANGLER, ...args], {
      cwd,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', fail)
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}
