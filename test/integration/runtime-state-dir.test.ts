import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { writeServerInfo } from '../../src/http/server-info'

const mode = (path: string) => statSync(path).mode & 0o777

describe.runIf(process.platform !== 'win32')('state directory mode (issue 11)', () => {
  it('creates .wrangler/state/kvdev readable by its owner only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-mode-'))
    try {
      const kv = await createKvRuntime({ root, bindings: ['KV'] })
      await kv.dispose()
      expect(mode(join(root, '.wrangler/state/kvdev'))).toBe(0o700)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('tightens a state directory an older version left open', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-mode-'))
    const dir = join(root, '.wrangler/state/kvdev')
    try {
      mkdirSync(dir, { recursive: true })
      chmodSync(dir, 0o755)
      const kv = await createKvRuntime({ root, bindings: ['KV'] })
      await kv.dispose()
      expect(mode(dir)).toBe(0o700)
      chmodSync(dir, 0o755)
      const info = writeServerInfo(dir, {
        url: 'http://localhost:1',
        base: '/__kv',
        token: 't',
        pid: process.pid,
        root,
      })
      expect(mode(dir)).toBe(0o700)
      expect(mode(info.path)).toBe(0o600)
      info.remove()
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
