import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const MODULES = resolve(import.meta.dirname, '../../node_modules')

/** The wranglers tests run: the pinned one on kvdev's Miniflare 4, and the current release. */
export const WRANGLER = {
  pinned: resolve(MODULES, 'wrangler/bin/wrangler.js'),
  current: resolve(MODULES, 'wrangler-current/bin/wrangler.js'),
} as const

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the real wrangler CLI in `cwd` on this Node, offline and without telemetry. */
export function runWrangler(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  wrangler: keyof typeof WRANGLER = 'pinned',
): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [WRANGLER[wrangler], ...args], {
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
