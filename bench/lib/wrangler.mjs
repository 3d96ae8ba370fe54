import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')
export const WRANGLER = resolve(ROOT, 'node_modules/wrangler/bin/wrangler.js')

/** wrangler 4.11x refuses Node 20; the npm package node@22 runs it (as CI installs it). */
export function node22() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath
  const dir = resolve(ROOT, '.ci/.node22')
  const bin = resolve(dir, 'node_modules/.bin/node')
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true })
    execFileSync('npm', ['install', '--prefix', dir, '--no-save', 'node@22'], { stdio: 'ignore' })
  }
  return bin
}

export function wrangler(cwd, args) {
  const result = spawnSync(node22(), [WRANGLER, ...args], {
    cwd,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  })
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}
