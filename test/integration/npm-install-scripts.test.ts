import { spawnSync } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const REPO = resolve(import.meta.dirname, '../..')
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` }
const npm = (...args: string[]) => spawnSync('npm', args, { cwd: REPO, env, encoding: 'utf8' })
// npm 11 reviews dependencies' install scripts (`npm install-scripts`); older npm runs them all.
const REVIEWS_SCRIPTS = npm('help', 'install-scripts').status === 0

describe('npm install (issue 20)', () => {
  it.runIf(REVIEWS_SCRIPTS)(
    'leaves no install script unreviewed, so npm install warns of none',
    () => {
      const result = npm('install-scripts', 'ls')
      expect(result.status, result.stderr).toBe(0)
      expect(result.stdout.trim()).toBe('No packages with unreviewed install scripts.')
    },
  )
})
