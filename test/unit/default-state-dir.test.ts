import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getDefaultStateDir } from '../../src/config/default-state-dir'

describe('getDefaultStateDir', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-state-dir-'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  const plugin = (version: string) => {
    const dir = join(root, 'node_modules/@cloudflare/vite-plugin')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version }))
  }

  it("is wrangler's store by default and beside @cloudflare/vite-plugin 1.x", () => {
    expect(getDefaultStateDir(root)).toBe('.wrangler/state')
    plugin('1.64.0')
    expect(getDefaultStateDir(root)).toBe('.wrangler/state')
  })

  it('follows @cloudflare/vite-plugin 2 by its package or its cloudflare.config', () => {
    plugin('2.0.0-beta.v.12')
    expect(getDefaultStateDir(root)).toBe('.cloudflare/state')
    rmSync(join(root, 'node_modules'), { recursive: true })
    writeFileSync(join(root, 'cloudflare.config.ts'), 'export default {}')
    expect(getDefaultStateDir(root)).toBe('.cloudflare/state')
  })

  it('keeps the store that exists when only one does', () => {
    mkdirSync(join(root, '.wrangler/state/v3'), { recursive: true })
    writeFileSync(join(root, 'cloudflare.config.ts'), 'export default {}')
    expect(getDefaultStateDir(root)).toBe('.wrangler/state')
    rmSync(join(root, '.wrangler'), { recursive: true })
    rmSync(join(root, 'cloudflare.config.ts'))
    mkdirSync(join(root, '.cloudflare/state/v3'), { recursive: true })
    expect(getDefaultStateDir(root)).toBe('.cloudflare/state')
  })
})
