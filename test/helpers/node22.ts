import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'

const NODE22_DIR = resolve(import.meta.dirname, '../../.ci/.node22')

/**
 * A Node >= 22 binary: wrangler 4.15x refuses to start on Node 20. On Node 22
 * this is the running node; on 20, the npm package `node@22` (as CI installs it).
 */
export function getNode22(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath
  const bin = resolve(NODE22_DIR, 'node_modules/.bin/node')
  if (!existsSync(bin)) {
    mkdirSync(NODE22_DIR, { recursive: true })
    execFileSync(
      'npm',
      ['install', '--prefix', NODE22_DIR, '--no-save', '--no-audit', '--no-fund', 'node@22'],
      {
        stdio: 'ignore',
      },
    )
  }
  return bin
}
