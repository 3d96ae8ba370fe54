import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')
export const WRANGLER = resolve(ROOT, 'node_modules/wrangler/bin/wrangler.js')

export function wrangler(cwd, args) {
  const result = spawnSync(process.execPath, [WRANGLER, ...args], {
    cwd,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  })
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}
