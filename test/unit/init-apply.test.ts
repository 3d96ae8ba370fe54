import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { applyInit } from '../../src/cli/init/apply-init'

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

describe('applyInit (issue 18)', () => {
  it('undoes the writes before one that fails, folders included', () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-apply-'))
    roots.push(root)
    writeFileSync(join(root, 'config.txt'), 'edited meanwhile\n')
    writeFileSync(join(root, '.gitignore'), 'dist\n')
    expect(() =>
      applyInit(root, [
        { path: 'server/api/route.ts', action: 'create', note: '', after: 'route\n' },
        { path: '.gitignore', action: 'update', note: '', before: 'dist\n', after: 'dist\n.x\n' },
        // Planned from a text the file no longer holds: this write fails.
        { path: 'config.txt', action: 'update', note: '', before: 'planned\n', after: 'new\n' },
      ]),
    ).toThrow('[kvdev] config.txt changed while kvdev init ran. Run `kvdev init` again.')
    expect(existsSync(join(root, 'server'))).toBe(false)
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toBe('dist\n')
    expect(readFileSync(join(root, 'config.txt'), 'utf8')).toBe('edited meanwhile\n')
  })
})
