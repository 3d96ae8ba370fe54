import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { chooseBackend, chooseStandalone } from '../../src/runtime/backend/choose'
import { DECLINED } from '../../src/runtime/backend/types'
import { createGate } from '../../src/runtime/gate'
import { createTransport } from '../../src/runtime/transport'

// Issue 19 (item 1): one place chooses each namespace's backend, for createKvRuntime and for the CLI.
describe('backend chooser (issue 19)', () => {
  let root: string
  let persist: string
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-choose-'))
    persist = join(root, '.wrangler', 'state')
    // Miniflare creates the namespace's files on its first write.
    const kv = await createKvRuntime({ root, bindings: ['KV'] })
    await kv.env.KV!.put('a', '1', { metadata: { m: 1 } })
    await kv.dispose()
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('gives workerd alone in memory, and the files before workerd when persisted', async () => {
    const transport = createGate(
      createTransport(() => Promise.reject(new Error('no workerd in this test'))),
    )
    const memory = chooseBackend(transport, { binding: 'KV', id: 'KV' }, null)
    expect(memory.backend.kind).toBe('workerd')
    expect(memory.dataVersion).toBeUndefined()
    const persisted = chooseBackend(transport, { binding: 'KV', id: 'KV' }, persist)
    expect(persisted.backend.kind).toBe('files, then workerd')
    expect(persisted.dataVersion).toBeTypeOf('function')
    persisted.close()
    await transport.close()
  })

  it('opens the files without workerd where they exist, and declines what they cannot answer exactly', async () => {
    const never = async () => {
      throw new Error('workerd started where the files open')
    }
    const chosen = await chooseStandalone(persist, 'KV', 'cli', 0, never)
    if (chosen.kind !== 'files') throw new Error(`expected the files, got ${chosen.kind}`)
    try {
      expect(chosen.backend.kind).toBe('files')
      expect(await chosen.backend.count()).toBe(1)
      const read = { type: 'text', cacheTtl: undefined, cacheable: false }
      const found = await chosen.backend.get('a', read)
      expect(found !== DECLINED && new TextDecoder().decode(found.bytes!)).toBe('1')
      expect(found !== DECLINED && found.metadata).toEqual({ m: 1 })
      // The binding's own error for an empty key, or an unknown read type, comes from workerd.
      expect(await chosen.backend.get('', read)).toBe(DECLINED)
      expect(await chosen.backend.get('a', { ...read, type: 123 })).toBe(DECLINED)
      expect(await chosen.backend.list({ prefix: 'x'.repeat(513) })).toBe(DECLINED)
    } finally {
      chosen.close()
    }
  })

  it('starts a runtime where the namespace has no files', async () => {
    const chosen = await chooseStandalone(persist, 'never-written', 'cli', 0, async () => 'started')
    expect(chosen).toEqual({ kind: 'workerd', runtime: 'started' })
  })
})
