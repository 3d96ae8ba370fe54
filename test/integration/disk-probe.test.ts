import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type DiskStore, openDiskStore } from '../../src/runtime/disk/disk-store'
import { createLazyDisk } from '../../src/runtime/disk/lazy-disk'
import { PROBE_NAMESPACE, probeFiles } from '../../src/runtime/disk/probe'
import { createGate, type GatedTransport } from '../../src/runtime/gate'
import { createMiniflareOptions, INTERNAL_WORKER } from '../../src/runtime/miniflare-options'
import { createNamespace } from '../../src/runtime/namespace'
import { createTransport } from '../../src/runtime/transport'
import { SECRET_HEADER } from '../../src/runtime/worker/secret'

// Issue 19 (item 3): the files path runs only once a write through one path reads back
// through the other.
describe('files probe (issue 19)', () => {
  let root: string
  let mf: Miniflare
  let transport: GatedTransport
  let disk: DiskStore
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-probe-'))
    const secret = 'probe-secret'
    mf = new Miniflare(
      createMiniflareOptions([{ binding: 'KV', id: 'KV' }], join(root, 'v3', 'kv'), secret),
    )
    await mf.ready
    transport = createGate(
      createTransport(() => mf.unsafeGetDirectURL(INTERNAL_WORKER), { [SECRET_HEADER]: secret }),
    )
    // The first write creates the namespace's files.
    await createNamespace(transport, 'KV').put('created', '1')
    disk = openDiskStore(root, 'KV')!
  })
  afterAll(async () => {
    disk?.close()
    await transport?.close()
    await mf?.dispose()
    rmSync(root, { recursive: true, force: true })
  })

  it('finds the files equal to the binding inside workerd, on its own namespace', async () => {
    expect(await probeFiles(root, transport)).toBeUndefined()
    expect(disk.list({}).keys.map((k) => k.name)).toEqual(['created'])
    const probe = openDiskStore(root, PROBE_NAMESPACE)!
    expect(probe.count()).toBe(0)
    probe.close()
  })

  it('says why when the files read differently', async () => {
    // Files that read every value one byte short: a format this kvdev does not know.
    const short = (persistRoot: string, id: string): DiskStore | undefined => {
      const files = openDiskStore(persistRoot, id)!
      return {
        ...files,
        get: (key) => {
          const found = files.get(key)
          return found && { ...found, value: found.value.subarray(1) }
        },
      }
    }
    const why = await probeFiles(root, transport, short)
    expect(why).toMatch(/^a value written through workerd reads back from the files as /)
    expect(disk.list({}).keys.map((k) => k.name)).toEqual(['created'])
  })

  it('keeps every call on workerd after a failed probe, and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const lazy = createLazyDisk(root, 'KV', { probe: async () => 'the files differ' })
      const again = createLazyDisk(root, 'KV', { probe: async () => 'the files differ' })
      for (let i = 0; i < 3; i++) {
        expect(lazy.get()).toBeUndefined()
        await new Promise((resolve) => setTimeout(resolve, 10))
        expect(again.get()).toBeUndefined()
      }
      expect(warn.mock.calls.map((args: unknown[]) => String(args[0]))).toEqual([
        '[kvdev] Every KV call goes through workerd: the files differ.',
      ])
      lazy.close()
      again.close()
    } finally {
      warn.mockRestore()
    }
  })
})
