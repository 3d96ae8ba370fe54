import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KVNamespace, type KvRuntime } from '../../src'
import {
  copyFixture,
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'
import { runWrangler, type WRANGLER } from '../helpers/wrangler'

const NAMESPACE = 'coherence-id'
const MINIFLARE_WRITER = resolve(import.meta.dirname, '../helpers/miniflare-writer.mjs')

/**
 * Reads `key` over and over, one read a turn of the event loop, as a dev server serving a
 * steady stream of requests does, until stopped. Every read answers from kvdev's read cache
 * once the key is cached, which is what must notice another process's write.
 */
function readSteadily(KV: KVNamespace, key: string) {
  let running = true
  let reads = 0
  const done = (async () => {
    while (running) {
      await KV.get(key)
      reads++
      await nextTurn()
    }
  })()
  return {
    get reads() {
      return reads
    },
    async stop() {
      running = false
      await done
    },
  }
}

/** A plain Miniflare process (Miniflare's own binding, `getKVNamespace`) writing the store. */
function miniflareWrite(
  kvPersist: string,
  write: Record<string, unknown>,
  namespace = NAMESPACE,
): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [MINIFLARE_WRITER, JSON.stringify({ kvPersist, namespace, ...write })],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', fail)
    child.on('close', (code) =>
      code === 0 ? done() : fail(new Error(`miniflare writer exited ${code}: ${stderr}`)),
    )
  })
}

type Writer = {
  put(key: string, value: string, options?: { ttl?: number; metadata?: unknown }): Promise<void>
  delete(key: string): Promise<void>
}

function wranglerWriter(root: string, which: keyof typeof WRANGLER): Writer {
  const run = async (args: string[]) => {
    const result = await runWrangler(
      root,
      ['kv', 'key', ...args, '--local', '--binding', 'KV'],
      {},
      which,
    )
    expect(result.code, result.stderr).toBe(0)
  }
  return {
    put: (key, value, options = {}) =>
      run([
        'put',
        key,
        value,
        ...(options.ttl ? ['--ttl', String(options.ttl)] : []),
        ...(options.metadata ? ['--metadata', JSON.stringify(options.metadata)] : []),
      ]),
    delete: (key) => run(['delete', key]),
  }
}

function miniflareWriter(kvPersist: string): Writer {
  return {
    put: (key, value, options = {}) =>
      miniflareWrite(kvPersist, {
        op: 'put',
        key,
        value,
        options: { expirationTtl: options.ttl, metadata: options.metadata },
      }),
    delete: (key) => miniflareWrite(kvPersist, { op: 'delete', key }),
  }
}

// Issue 19: the read cache trusted a file watcher and a 250 ms "own write" window, so a
// binding read steadily missed other processes' writes for seconds, and a key read as
// missing then put with a TTL read null for its whole life.
describe('cross-process coherence (issue 19)', { timeout: 180_000 }, () => {
  let root: string
  let kv: KvRuntime
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-coherence-'))
    writeFileSync(
      join(root, 'wrangler.jsonc'),
      JSON.stringify({
        name: 'coherence',
        compatibility_date: '2025-01-01',
        kv_namespaces: [{ binding: 'KV', id: NAMESPACE }],
      }),
    )
    kv = await createKvRuntime({ root })
    // The namespace's files exist before the other tools write, as in a project in use.
    await kv.env.KV!.put('created', 'yes')
  })
  afterAll(async () => {
    await kv.dispose()
    rmSync(root, { recursive: true, force: true })
  })

  const writers: [string, () => Writer][] = [
    ['wrangler (pinned, Miniflare 4)', () => wranglerWriter(root, 'pinned')],
    ['wrangler (current, Miniflare 5)', () => wranglerWriter(root, 'current')],
    ['a plain Miniflare process', () => miniflareWriter(join(root, '.wrangler/state/v3/kv'))],
  ]

  for (const [name, makeWriter] of writers) {
    it(`sees puts, deletes and ttl puts by ${name} on the next read`, async () => {
      const writer = makeWriter()
      const KV = kv.env.KV!
      const key = `key:${name}`

      // A value kvdev wrote and keeps cached, replaced by the other process.
      await KV.put(key, 'from kvdev')
      let reader = readSteadily(KV, key)
      await writer.put(key, 'from the other process', { metadata: { by: 'other' } })
      expect(await KV.getWithMetadata(key)).toEqual({
        value: 'from the other process',
        metadata: { by: 'other' },
        cacheStatus: null,
      })
      expect(reader.reads).toBeGreaterThan(0)

      // Deleted by the other process while the reads go on.
      await writer.delete(key)
      expect(await KV.get(key)).toBeNull()
      await reader.stop()

      // Read as missing (and cached so), then put with a TTL by the other process.
      const ttlKey = `${key}:ttl`
      expect(await KV.get(ttlKey)).toBeNull()
      reader = readSteadily(KV, ttlKey)
      await writer.put(ttlKey, 'lives an hour', { ttl: 3600 })
      expect(await KV.get(ttlKey)).toBe('lives an hour')
      const listed = await KV.list({ prefix: ttlKey })
      expect(listed.keys.map((k) => k.name)).toEqual([ttlKey])
      expect(listed.keys[0]!.expiration).toBeGreaterThan(Date.now() / 1000 + 3000)
      await reader.stop()
    })
  }

  // kvdev's writes take SQLite's write lock for milliseconds; another tool meeting it must
  // say so (wrangler: `KV PUT failed: 500`, exit 1), never report success with nothing written.
  it('never lets its own writes make another tool fail silently', async () => {
    const KV = kv.env.KV!
    let writing = true
    const writes = (async () => {
      for (let i = 0; writing; i++) {
        await KV.put(`busy:${i % 50}`, 'x'.repeat(4096))
        await nextTurn()
      }
    })()
    try {
      for (let i = 0; i < 2; i++) {
        const result = await runWrangler(root, [
          'kv',
          'key',
          'put',
          '--local',
          '--binding',
          'KV',
          `beside:${i}`,
          'from wrangler',
        ])
        if (result.code === 0) expect(await KV.get(`beside:${i}`)).toBe('from wrangler')
        else expect(result.stderr + result.stdout).toContain('KV PUT failed')
      }
    } finally {
      writing = false
      await writes
    }
  })
})

// The same through the Vite plugin: a route reads the key on every request of a steady stream.
describe('cross-process coherence in a dev server (issue 19)', { timeout: 120_000 }, () => {
  let app: FixtureServer
  beforeAll(async () => {
    const dir = copyFixture('plugin-routes')
    writeFileSync(
      join(dir, 'server/api/read.ts'),
      "export const GET = async (c) => c.json({ value: await c.env.KV.get(c.req.query('key')) })\n",
    )
    app = await startFixtureServer(dir, { seed: false })
  })
  afterAll(async () => {
    await app?.close()
    if (app) removeDir(app.dir)
  })

  it('serves a write by a plain Miniflare process on the next request', async () => {
    const kvPersist = join(app.dir, '.wrangler/state/v3/kv')
    const read = async (key: string) =>
      ((await (await app.fetch(`/api/read?key=${key}`)).json()) as { value: string | null }).value
    const write = (fields: Record<string, unknown>) =>
      miniflareWrite(kvPersist, fields, 'kv-remote-id')
    await write({ op: 'put', key: 'created', value: 'yes' })
    expect(await read('k')).toBeNull()
    let running = true
    const steady = (async () => {
      while (running) await read('k')
    })()
    try {
      await write({ op: 'put', key: 'k', value: 'one', options: { expirationTtl: 3600 } })
      expect(await read('k')).toBe('one')
      await write({ op: 'put', key: 'k', value: 'two' })
      expect(await read('k')).toBe('two')
      await write({ op: 'delete', key: 'k' })
      expect(await read('k')).toBeNull()
    } finally {
      running = false
      await steady
    }
  })
})
