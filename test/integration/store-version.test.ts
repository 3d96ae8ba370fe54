import { createHash } from 'node:crypto'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createKvRuntime } from '../../src'
import { PROOF_FILE } from '../../src/runtime/disk/proof-record'
import { getStoreVersionError } from '../../src/runtime/store-version'
import { runKvdev } from '../cli/helpers'
import { runWrangler } from '../helpers/wrangler'

const OBJECTS = '.wrangler/state/v3/kv/miniflare-KVNamespaceObject'

/** Every file of the store with a hash of its bytes (SQLite's -shm index aside). */
function snapshot(root: string): Record<string, string> {
  const dir = join(root, '.wrangler/state/v3/kv')
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
  return Object.fromEntries(
    files
      .filter((f) => f.isFile() && !f.name.endsWith('-shm'))
      .map((f) => {
        const path = join(f.parentPath, f.name)
        return [path, createHash('sha256').update(readFileSync(path)).digest('hex')]
      }),
  )
}

/**
 * The store as data: every file but the namespaces' SQLite files byte for byte, and their rows.
 * Reading a namespace's files from Node checkpoints its WAL on close: the bytes move, the rows not.
 */
function contents(root: string) {
  const files = snapshot(root)
  const indexes = Object.keys(files).filter((path) => /[0-9a-f]{64}\.sqlite(-wal)?$/.test(path))
  const rows: Record<string, unknown[]> = {}
  for (const path of indexes) {
    delete files[path]
    if (path.endsWith('-wal')) continue
    const db = new DatabaseSync(path, { readOnly: true })
    rows[path] = db.prepare('SELECT * FROM _mf_entries ORDER BY key').all()
    db.close()
  }
  return { files, rows }
}

// workerd migrates an older store's tables forward (kvdev's adds `actor_name` to a two-column
// `_cf_ALARM`), but an older workerd cannot open a store a newer one migrated: against wrangler
// 4.15x, kvdev's Miniflare of that time stopped with `table _cf_ALARM has 3 columns …`. The
// current wrangler (4.164) and @cloudflare/vite-plugin (1.64) leave kvdev's store as it is, so
// the store here is a real one written by kvdev and the current wrangler, given the next such
// column by hand (issue 12).
describe('a store changed by a newer workerd', () => {
  let root: string
  let metadata: string
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-store-version-'))
    writeFileSync(
      join(root, 'wrangler.jsonc'),
      '{ "name": "game", "kv_namespaces": [{ "binding": "KV", "id": "kv-id" }, { "binding": "FRESH", "id": "fresh-id" }] }',
    )
    const kv = await createKvRuntime({ root })
    await kv.env.KV!.put('from:kvdev', 'written by kvdev')
    await kv.dispose()
    const put = await runWrangler(
      root,
      ['kv', 'key', 'put', '--local', '--binding', 'KV', 'from:wrangler', 'written by wrangler'],
      {},
      'current',
    )
    expect(put.code, put.stderr).toBe(0)
    // The project has the current wrangler installed, as a user who ran it would.
    mkdirSync(join(root, 'node_modules'))
    symlinkSync(
      resolve(import.meta.dirname, '../../node_modules/wrangler-current'),
      join(root, 'node_modules/wrangler'),
    )
    metadata = join(root, OBJECTS, 'metadata.sqlite')
    const db = new DatabaseSync(metadata)
    db.exec('ALTER TABLE _cf_ALARM ADD COLUMN next_version INTEGER')
    db.close()
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('names the file, the tool and the way out, and leaves the store as it was', async () => {
    const before = contents(root)
    // The store records kvdev's probe (issue 21): the files answer at once, and the first call
    // that needs workerd (a namespace Miniflare has not created) gets the error.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const kv = await createKvRuntime({ root })
    let needed: unknown
    try {
      expect(await kv.env.KV!.get('from:kvdev')).toBe('written by kvdev')
      needed = await kv.env.FRESH!.put('first', 'x').catch((reason: Error) => reason)
    } finally {
      await kv.dispose()
      warn.mockRestore()
    }
    expectStoreVersionError(needed)
    expect(contents(root)).toEqual(before)
    const bytes = snapshot(root)
    // Without the record, workerd starts before the runtime is handed out, and it refuses to open.
    rmSync(join(root, '.wrangler/state/kvdev', PROOF_FILE))
    const error = await createKvRuntime({ root }).then(
      (kv) => kv.dispose(),
      (reason: Error) => reason,
    )
    expectStoreVersionError(error)
    expect(snapshot(root)).toEqual(bytes)
  })

  function expectStoreVersionError(error: unknown) {
    expect(error).toMatchObject({ code: 'ERR_RUNTIME' })
    const message = (error as Error).message
    expect(message).toContain(
      `[kvdev] The KV store was changed by a newer workerd and kvdev's Miniflare 4.`,
    )
    expect(message).toContain(
      `cannot open it: ${metadata} (table _cf_ALARM has 4 columns but 3 values were supplied: SQLITE_ERROR).`,
    )
    expect(message).toContain(
      'It was last opened by a newer tool of this project: wrangler 4.164.0 (Miniflare 5.20261117.0-beta).',
    )
    expect(message).toContain('kvdev has not changed the store.')
    expect(message).toContain(
      `move it (with its -wal and -shm files) out of ${join(root, OBJECTS)}`,
    )
    expect(message).not.toContain('kj::Exception')
  }

  // The CLI reads and writes a namespace Miniflare has created on its files, without workerd, so
  // `get` still answers; a namespace never written needs Miniflare, which cannot start.
  it('reads from the files, and tells the cli user the same when it needs miniflare, with exit code 3', async () => {
    const read = await runKvdev(root, ['get', 'from:kvdev'])
    expect(read).toMatchObject({ code: 0, out: 'written by kvdev' })
    const run = await runKvdev(root, ['set', 'first', 'x', '--binding', 'FRESH'])
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('table _cf_ALARM has 4 columns but 3 values were supplied')
    expect(run.stderr).toContain('kvdev has not changed the store.')
    expect(run.stderr).not.toContain('kj::Exception')
  })

  it('opens every key once the alarm index is moved aside, as the message says', async () => {
    const aside = join(root, 'aside')
    mkdirSync(aside)
    for (const name of readdirSync(join(root, OBJECTS))) {
      if (name.startsWith('metadata.sqlite'))
        renameSync(join(root, OBJECTS, name), join(aside, name))
    }
    const kv = await createKvRuntime({ root })
    try {
      expect(await kv.env.KV!.get('from:kvdev')).toBe('written by kvdev')
      expect(await kv.env.KV!.get('from:wrangler')).toBe('written by wrangler')
    } finally {
      await kv.dispose()
    }
  })

  it('leaves other startup failures to the generic message', () => {
    const cause = new Error('The Workers runtime failed to start: address in use')
    expect(getStoreVersionError(cause, { root, kvPersist: join(root, 'v3/kv') })).toBeUndefined()
  })
})
