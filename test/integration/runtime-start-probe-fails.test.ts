import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { KVDEV_STATE_SUBDIR } from '../../src/constants'
import { createKvRuntime } from '../../src/runtime/create-kv-runtime'
import { type DiskStore, openDiskStore } from '../../src/runtime/disk/disk-store'
import { getProofKey, PROOF_FILE, recordProof } from '../../src/runtime/disk/proof-record'
import { ensureStateDir } from '../../src/runtime/state-dir'
import { startReferenceKv } from '../helpers/reference-kv'

// The probe runs against the real workerd, reading the files through a reader that drops each
// value's first byte: a format this kvdev would not know, which the probe must catch.
vi.mock('../../src/runtime/disk/probe', async (original) => {
  const probe = await original<typeof import('../../src/runtime/disk/probe')>()
  const short = (persistRoot: string, id: string): DiskStore | undefined => {
    const files = openDiskStore(persistRoot, id)
    return (
      files && {
        ...files,
        get: (key: string) => {
          const found = files.get(key)
          return found && { ...found, value: found.value.subarray(1) }
        },
      }
    )
  }
  return {
    ...probe,
    probeFiles: (root: string, transport: Parameters<typeof probe.probeFiles>[1]) =>
      probe.probeFiles(root, transport, short),
  }
})

// Issue 21 (item 2): files trusted on an earlier probe's record are dropped for workerd when
// the probe, run again once workerd is up, finds them different.
describe('runtime start on a record the probe then refutes (issue 21)', () => {
  let root: string
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-start-refuted-'))
    // Miniflare creates the namespace; the record says an earlier probe proved its files.
    const reference = await startReferenceKv(join(root, 'v3', 'kv'), 'KV')
    await reference.kv.put('hello', 'world')
    await reference.dispose()
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('drops the files for workerd, says so once and forgets the record', async () => {
    const stateDir = join(root, KVDEV_STATE_SUBDIR)
    ensureStateDir(stateDir)
    recordProof(stateDir, getProofKey()!)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const runtime = await createKvRuntime({ bindings: ['KV'], persist: root })
    try {
      expect(runtime.status()).toEqual({ workerd: 'not started', files: 'trusted' })
      expect(await runtime.env.KV!.get('hello')).toBe('world')
      await vi.waitFor(() => expect(runtime.status().files).toBe('refused'), { timeout: 30_000 })
      expect(runtime.status().workerd).toBe('ready')
      expect(existsSync(join(stateDir, PROOF_FILE))).toBe(false)
      // workerd answers now, reads and writes alike, the admin store included.
      expect(await runtime.env.KV!.get('hello')).toBe('world')
      await runtime.env.KV!.put('after', 'through workerd')
      expect(await runtime.store().count()).toBe(2)
      expect(warn.mock.calls.map((args: unknown[]) => String(args[0]))).toEqual([
        expect.stringMatching(
          /^\[kvdev\] Every KV call goes through workerd: a value written through workerd reads back from the files as /,
        ),
      ])
    } finally {
      warn.mockRestore()
      await runtime.dispose()
    }
  })
})
