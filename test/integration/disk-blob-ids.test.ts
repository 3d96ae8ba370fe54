import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Miniflare } from 'miniflare'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { createKvdevHandler, createToken } from '../../src/http'
import { openDiskStore } from '../../src/runtime/disk/disk-store'
import { toDiskWrite } from '../../src/runtime/disk/disk-writes'
import { getNamespaceFiles } from '../../src/runtime/disk/miniflare-format'
import { createPersonas } from '../../src/users/personas'

const ORIGIN = 'http://localhost:5173'

/**
 * Issue 18 (item 2): a row's `blob_id` is data anyone who can write the store may have planted.
 * Rows naming a file outside the namespace's blobs directory are planted with node:sqlite, and
 * every way kvdev reads, exports, overwrites, deletes or expires a key is shown to read and
 * delete nothing outside the store, answering as Miniflare's own binding does (null).
 */
describe('disk store blob ids (issue 18)', () => {
  let root: string
  let persist: string
  let outside: string
  let secret: string
  let runtime: KvRuntime
  let warn: ReturnType<typeof vi.spyOn>

  /** Plants a row whose blob id climbs out of the blobs directory to `secret`. */
  function plant(key: string, expiration: number | null = null) {
    const files = getNamespaceFiles(persist, 'KV')
    const db = new DatabaseSync(files.database)
    try {
      db.prepare(
        'INSERT OR REPLACE INTO _mf_entries (key, blob_id, expiration, metadata) VALUES (?, ?, ?, NULL)',
      ).run(key, relative(files.blobs, secret), expiration)
    } finally {
      db.close()
    }
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-blob-ids-'))
    persist = join(root, 'project', '.wrangler', 'state')
    outside = join(root, 'elsewhere')
    mkdirSync(outside)
    secret = join(outside, 'secret.txt')
    runtime = await createKvRuntime({ root: join(root, 'project'), bindings: ['KV'] })
    // The first write creates the namespace's files, where the rows are planted.
    await runtime.env.KV!.put('created', '1')
  })
  afterAll(async () => {
    await runtime?.dispose()
    rmSync(root, { recursive: true, force: true })
  })
  beforeEach(() => {
    writeFileSync(secret, 'secret')
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  })
  afterEach(() => {
    warn.mockRestore()
  })

  it('reads a planted row as missing and says once which file holds it', async () => {
    plant('planted')
    const kv = runtime.env.KV!
    expect(await kv.get('planted')).toBeNull()
    expect(await kv.get('planted', 'arrayBuffer')).toBeNull()
    expect(await kv.getWithMetadata('planted')).toEqual({
      value: null,
      metadata: null,
      cacheStatus: null,
    })
    expect(await runtime.store().inspect('planted')).toBeNull()
    const dumped = []
    for await (const page of runtime.store().dump()) dumped.push(...page)
    expect(dumped.map((r) => r.key)).toEqual(['created'])
    const database = getNamespaceFiles(persist, 'KV').database
    const told = warn.mock.calls.map((args: unknown[]) => String(args[0]))
    expect(told.filter((line: string) => line.includes('corrupt row'))).toHaveLength(1)
    expect(told[0]).toContain(database)
    expect(told[0]).toContain('"planted"')
  })

  it('serves no outside file through the inspector value view or export', async () => {
    plant('planted')
    const handle = createKvdevHandler({
      runtime,
      token: createToken(),
      personas: createPersonas([{ sub: 'ada', email: 'ada@example.com', name: 'Ada' }]),
      root: join(root, 'project'),
      seedFile: join(root, 'project', 'seed.json'),
    })
    const value = await handle(new Request(`${ORIGIN}/__kv/api/value?key=planted`))
    expect(value?.status).toBe(404)
    const exported = await handle(new Request(`${ORIGIN}/__kv/api/export`))
    expect(exported?.status).toBe(200)
    expect(await exported!.text()).not.toContain('secret')
  })

  it('deletes, overwrites and expires a planted row without touching the outside file', async () => {
    const kv = runtime.env.KV!
    plant('planted')
    await kv.delete('planted')
    expect(readFileSync(secret, 'utf8')).toBe('secret')
    plant('planted')
    await kv.put('planted', 'new')
    expect(await kv.get('planted')).toBe('new')
    expect(readFileSync(secret, 'utf8')).toBe('secret')
    plant('planted')
    await runtime.store().delete(['planted'])
    plant('planted')
    await runtime.store().clear()
    expect(readFileSync(secret, 'utf8')).toBe('secret')
    plant('expired', Date.now() - 1000)
    expect(await kv.get('expired')).toBeNull()
    expect(existsSync(secret)).toBe(true)
  })

  it('keeps the store clock and snapshots off a planted row and the outside file', async () => {
    const history = runtime.store().history!
    plant('soon', Date.now() + 30_000)
    await history.advance(3600)
    expect(readFileSync(secret, 'utf8')).toBe('secret')
    plant('planted')
    await history.saveSnapshot('with-planted')
    const snapshotBlobs = join(persist, 'kvdev', 'snapshots')
    const linked = readdirSync(snapshotBlobs, { recursive: true }).map(String)
    expect(linked.filter((file) => file.includes('secret'))).toEqual([])
    await history.restoreSnapshot('with-planted')
    expect(readFileSync(secret, 'utf8')).toBe('secret')
    expect(await runtime.env.KV!.get('planted')).toBeNull()
    await history.deleteSnapshot('with-planted')
  })

  it('answers as miniflare does: its own binding reads the planted row as missing', async () => {
    plant('planted')
    await runtime.dispose()
    const mf = new Miniflare({
      modules: true,
      script: 'export default {}',
      kvNamespaces: { KV: 'KV' },
      kvPersist: join(persist, 'v3', 'kv'),
      cf: false,
    })
    try {
      const kv = (await mf.getKVNamespace('KV')) as unknown as {
        get(key: string): Promise<unknown>
      }
      expect(await kv.get('planted')).toBeNull()
    } finally {
      await mf.dispose()
      runtime = await createKvRuntime({ root: join(root, 'project'), bindings: ['KV'] })
    }
    expect(readFileSync(secret, 'utf8')).toBe('secret')
  })

  it('creates a missing blobs directory on a write, never through a symbolic link (issue 21)', async () => {
    // A put no longer asks for the directory before each blob: the write that finds it missing
    // creates it, after the same link check the store's opening makes.
    const other = mkdtempSync(join(tmpdir(), 'kvdev-blobs-dir-'))
    const elsewhere = mkdtempSync(join(tmpdir(), 'kvdev-blobs-elsewhere-'))
    const mf = new Miniflare({
      modules: true,
      script: 'export default {}',
      kvNamespaces: { KV: 'KV' },
      kvPersist: join(other, 'v3', 'kv'),
      cf: false,
    })
    try {
      const kv = (await mf.getKVNamespace('KV')) as unknown as {
        put(key: string, value: string): Promise<void>
      }
      await kv.put('created', 'by miniflare')
      await mf.dispose()
      const files = getNamespaceFiles(other, 'KV')
      const disk = openDiskStore(other, 'KV')!
      const write = (key: string) =>
        disk.write([toDiskWrite({ key, value: new TextEncoder().encode(key) })])
      rmSync(files.blobs, { recursive: true })
      write('after-removal')
      expect(new TextDecoder().decode(disk.get('after-removal')!.value)).toBe('after-removal')
      expect(readdirSync(files.blobs)).toHaveLength(1)

      const namespaceDir = join(files.blobs, '..')
      rmSync(namespaceDir, { recursive: true })
      symlinkSync(elsewhere, namespaceDir)
      expect(() => write('through-link')).toThrow(
        `The store's directory is a symbolic link: ${namespaceDir}.`,
      )
      expect(readdirSync(elsewhere)).toEqual([])
      expect(disk.get('through-link')).toBeNull()
      disk.close()
    } finally {
      await mf.dispose().catch(() => {})
      rmSync(other, { recursive: true, force: true })
      rmSync(elsewhere, { recursive: true, force: true })
    }
  })

  it('refuses a store whose blobs directory is a symbolic link', () => {
    const other = mkdtempSync(join(tmpdir(), 'kvdev-linked-'))
    try {
      const store = join(other, 'state')
      const files = getNamespaceFiles(store, 'KV')
      mkdirSync(join(files.blobs, '..'), { recursive: true })
      symlinkSync(outside, files.blobs)
      expect(() => openDiskStore(store, 'KV')).toThrow(
        `The store's directory is a symbolic link: ${files.blobs}.`,
      )
    } finally {
      rmSync(other, { recursive: true, force: true })
    }
  })
})
