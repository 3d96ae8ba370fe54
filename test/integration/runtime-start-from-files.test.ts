import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { KVDEV_STATE_SUBDIR } from '../../src/constants'
import { createKvRuntime, type KvRuntime } from '../../src/runtime/create-kv-runtime'
import { openDiskStore } from '../../src/runtime/disk/disk-store'
import { getProofKey, PROOF_FILE } from '../../src/runtime/disk/proof-record'
import { startReferenceKv } from '../helpers/reference-kv'

const start = (persist: string) => createKvRuntime({ bindings: ['KV'], persist })

/** What a read of the seeded keys answers: values as bytes, metadata, expiry from a listing. */
async function readAll(kv: KvRuntime['env'][string]) {
  const hello = await kv.getWithMetadata('hello', 'text')
  const bytes = await kv.get('bytes', 'arrayBuffer')
  const missing = await kv.getWithMetadata('missing')
  const listed = await kv.list({ prefix: '' })
  return { hello, bytes: bytes && [...new Uint8Array(bytes)], missing, listed }
}

// Issue 21 (item 1): a store whose files an earlier probe proved answers its first KV calls
// from them, before Miniflare is loaded or workerd started.
describe('runtime start from proven files (issue 21)', () => {
  let root: string
  let stateDir: string
  const expiration = Math.floor(Date.now() / 1000) + 3600
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-start-files-'))
    stateDir = join(root, KVDEV_STATE_SUBDIR)
    // The first start: no record, so workerd starts, creates the namespace and the probe runs.
    const first = await start(root)
    expect(first.status().workerd).toBe('ready')
    await first.env.KV!.put('hello', 'wörld', { metadata: { n: 1, s: '\uFEFF' }, expiration })
    await first.env.KV!.put('bytes', new Uint8Array([0xef, 0xbb, 0xbf, 0x00, 0xff]))
    await first.dispose()
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('records the probe that proved the files, keyed by the versions and schema it proved', () => {
    expect(JSON.parse(readFileSync(join(stateDir, PROOF_FILE), 'utf8'))).toEqual({
      ...getProofKey(),
      columns: [...getProofKey()!.columns],
    })
  })

  it('answers from the files before workerd starts, as workerd answers later', async () => {
    const runtime = await start(root)
    let early: Awaited<ReturnType<typeof readAll>>
    let count: number
    try {
      expect(runtime.status().workerd).toBe('not started')
      early = await readAll(runtime.env.KV!)
      count = await runtime.store().count()
      // Still not started: every answer above came from the files.
      expect(runtime.status().workerd).toBe('not started')
      // With nothing needing it, workerd starts in the background once the files rest.
      await vi.waitFor(() => expect(runtime.status().workerd).toBe('ready'), { timeout: 30_000 })
      expect(await readAll(runtime.env.KV!)).toEqual(early)
    } finally {
      await runtime.dispose()
    }
    expect(count).toBe(2)
    expect(early.hello).toMatchObject({ value: 'wörld', metadata: { n: 1, s: '\uFEFF' } })
    expect(early.listed.keys.find((k) => k.name === 'hello')?.expiration).toBe(expiration)
    // Miniflare's own binding on the same files answers the same.
    const reference = await startReferenceKv(join(root, 'v3', 'kv'), 'KV')
    try {
      expect(await readAll(reference.kv)).toEqual(early)
    } finally {
      await reference.dispose()
    }
  })

  it('sends a call the files decline to workerd, started for it, with the binding’s answer', async () => {
    const runtime = await start(root)
    let bulk: unknown
    let refused: unknown
    let reserved: unknown
    try {
      expect(runtime.status().workerd).toBe('not started')
      // A bulk read and an unknown read type are workerd's to answer.
      bulk = await runtime.env.KV!.get(['hello', 'missing'], 'text')
      expect(runtime.status().workerd).toBe('ready')
      refused = await runtime.env.KV!.get('hello', 'bogus' as never).catch((e: Error) => e)
      reserved = await runtime.env.KV!.put('..', 'x').catch((e: Error) => e)
    } finally {
      await runtime.dispose()
    }
    const reference = await startReferenceKv(join(root, 'v3', 'kv'), 'KV')
    try {
      expect(bulk).toEqual(await reference.kv.get(['hello', 'missing'], 'text'))
      const expected = await reference.kv.get('hello', 'bogus' as never).catch((e: Error) => e)
      expect(refused).toBeInstanceOf(Error)
      expect(String(refused)).toBe(String(expected))
      const reservedThere = await reference.kv.put('..', 'x').catch((e: Error) => e)
      expect(reserved).toBeInstanceOf(Error)
      expect(String(reserved)).toBe(String(reservedThere))
    } finally {
      await reference.dispose()
    }
  })

  it('waits for workerd on a namespace it has not created yet, which workerd then creates', async () => {
    const runtime = await createKvRuntime({ bindings: ['KV', 'NEW'], persist: root })
    try {
      expect(runtime.status().workerd).toBe('not started')
      expect(await runtime.env.NEW!.get('absent')).toBeNull()
      expect(runtime.status().workerd).toBe('ready')
      await runtime.env.NEW!.put('made', 'by workerd')
      expect(await runtime.store('NEW').count()).toBe(1)
    } finally {
      await runtime.dispose()
    }
  })

  it('sees another connection’s commit before workerd starts, past the read cache', async () => {
    const runtime = await start(root)
    try {
      expect(await runtime.env.KV!.get('hello')).toBe('wörld')
      // Another writer on the same files (the CLI, wrangler): its commit moves data_version.
      const other = openDiskStore(root, 'KV')!
      try {
        other.write([{ key: 'hello', value: new TextEncoder().encode('changed') }])
      } finally {
        other.close()
      }
      expect(await runtime.env.KV!.get('hello')).toBe('changed')
      expect(runtime.status().workerd).toBe('not started')
      await runtime.env.KV!.put('hello', 'wörld', { metadata: { n: 1, s: '\uFEFF' }, expiration })
    } finally {
      await runtime.dispose()
    }
  })

  it.each([
    ['other versions', (key: object) => JSON.stringify({ ...key, miniflare: '0.0.0' })],
    ['another schema', (key: object) => JSON.stringify({ ...key, columns: ['key'] })],
    ['a damaged record', () => '{"miniflare":'],
  ])('does not trust the files on a record of %s: the probe runs first', async (_, record) => {
    writeFileSync(join(stateDir, PROOF_FILE), record(getProofKey()!))
    const runtime = await start(root)
    try {
      // Started before the runtime was handed out: the files waited for the probe.
      expect(runtime.status().workerd).toBe('ready')
      expect(runtime.status().files).toBe('proven')
      expect(await runtime.env.KV!.get('hello')).toBe('wörld')
    } finally {
      await runtime.dispose()
    }
    // The probe passed: the record now names this install.
    expect(JSON.parse(readFileSync(join(stateDir, PROOF_FILE), 'utf8')).miniflare).toBe(
      getProofKey()!.miniflare,
    )
  })
})
