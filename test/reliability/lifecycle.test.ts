import { spawn } from 'node:child_process'
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { getFreePort } from '../helpers/free-port'
import { BIN, REPO } from './helpers/paths'
import { readServerJson, startServer } from './helpers/server'
import { isWhole, taggedValue } from './helpers/values'

const BATCH = 150

interface Batch {
  items: { key: string; value: string }[]
  acknowledged: boolean
}

/**
 * Bulk-writes batches of keys through the REST API until `stop()`; the token is read from
 * server.json before each batch (a restart may publish a new one). Errors end a batch
 * unacknowledged; the loop goes on so writes after a restart are covered too.
 */
async function bulkWriter(
  root: string,
  url: string,
  stop: () => boolean,
  label = 'b',
): Promise<Batch[]> {
  const batches: Batch[] = []
  for (let n = 0; !stop(); n++) {
    const items = Array.from({ length: BATCH }, (_, i) => ({
      key: `${label}${n}:${String(i).padStart(4, '0')}`,
      value: taggedValue(200),
    }))
    const batch: Batch = { items, acknowledged: false }
    batches.push(batch)
    try {
      const { token } = readServerJson(root)
      const response = await fetch(
        `${url}/__kv/api/client/v4/accounts/local/storage/kv/namespaces/KV/bulk`,
        {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(items),
        },
      )
      batch.acknowledged = response.ok
      await response.text()
    } catch {
      await sleep(100) // the server is restarting or gone
    }
  }
  return batches
}

/**
 * What the test asserts after an interruption: every key of an acknowledged batch is there
 * with its value; of a batch whose answer never came, any subset may be there (kvdev writes a
 * batch in chunks inside workerd), but each key present holds its whole value; no other key.
 */
async function checkBatches(root: string, batches: Batch[]) {
  const kv = await createKvRuntime({ root })
  try {
    const present = new Map<string, string>()
    for await (const page of kv.store().dump())
      for (const record of page) present.set(record.key, record.value)
    let acknowledgedKeys = 0
    let partialKeys = 0
    const known = new Set<string>()
    for (const batch of batches) {
      for (const { key, value } of batch.items) {
        known.add(key)
        const found = present.get(key)
        if (batch.acknowledged) {
          expect(found, key).toBe(value)
          acknowledgedKeys++
        } else if (found !== undefined) {
          expect(found, key).toBe(value)
          partialKeys++
        }
      }
    }
    for (const [key, value] of present) {
      expect(known.has(key), key).toBe(true)
      expect(isWhole(value), key).toBe(true)
    }
    return {
      acknowledgedKeys,
      partialKeys,
      unacknowledgedBatches: batches.filter((b) => !b.acknowledged).length,
    }
  } finally {
    await kv.dispose()
  }
}

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

describe('lifecycle: restarts and ctrl-c in the middle of bulk writes', () => {
  it('keeps every acknowledged batch across vite restarts, and frees the store on ctrl-c', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
    roots.push(root)
    const server = await startServer(root, 'restart', await getFreePort())
    let stop = false
    const writing = bulkWriter(root, server.url, () => stop)
    for (let edit = 0; edit < 3; edit++) {
      await sleep(1500)
      server.child.kill('SIGHUP') // server.restart(): what Vite runs on a vite.config edit
    }
    await sleep(1500)
    stop = true
    const batches = await writing
    // The server came back after the restarts and still writes (a restart may take a while under load).
    let after: Batch[] = []
    for (let attempt = 0; attempt < 40 && !after.some((b) => b.acknowledged); attempt++) {
      let calls = 0
      // One batch: the writer checks `stop` once before it and once after.
      after = await bulkWriter(root, server.url, () => calls++ > 0, `after${attempt}-`)
      batches.push(...after)
    }
    expect(after.some((b) => b.acknowledged)).toBe(true)
    server.child.kill('SIGINT')
    // Vite's own signal handling may end the process first (130): either way the store is freed.
    expect([0, 130]).toContain(await server.exited)
    expect(existsSync(join(root, '.wrangler/state/kvdev/lock'))).toBe(false)
    expect(existsSync(join(root, '.wrangler/state/kvdev/server.json'))).toBe(false)
    const result = await checkBatches(root, batches)
    console.info(
      `[reliability] lifecycle/vite restart (3 restarts): ${batches.length} batches, ${result.acknowledgedKeys} acknowledged keys present, ${result.unacknowledgedBatches} batches cut by a restart (${result.partialKeys} of their keys landed)`,
    )
    expect(result.acknowledgedKeys).toBeGreaterThan(0)
  })

  /**
   * Regression: Vite bundles a config's imports that do not resolve into node_modules (a linked
   * kvdev, an absolute path), so each restart loads a fresh copy of the plugin; the registry of
   * runtimes lives on globalThis so every copy shares the open store instead of re-opening it.
   */
  it('survives a vite.config edit when the config bundles the plugin', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
    roots.push(root)
    const config = join(root, 'vite.config.mjs')
    writeFileSync(
      config,
      `import kvdev from ${JSON.stringify(resolve(REPO, 'dist/vite.mjs'))}\nexport default { plugins: [kvdev()] }\n`,
    )
    const server = await startServer(root, 'vite', await getFreePort())
    try {
      appendFileSync(config, '// edit\n')
      await sleep(2500)
      expect(server.stderr()).not.toMatch(/restart failed|already open/)
      const info = await fetch(`${server.url}/__kv/api/info`)
      expect(info.status).toBe(200)
    } finally {
      server.child.kill('SIGINT')
      await server.exited
    }
  })

  it('frees the store and keeps acknowledged batches when `kvdev dev` gets ctrl-c mid-write', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
    roots.push(root)
    const child = spawn(process.execPath, [BIN, 'dev', '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
    const url = await new Promise<string>((done) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk
        const match = /^(http\S+)\n/m.exec(out)
        if (match) done(match[1]!)
      })
    })
    let stop = false
    const writing = bulkWriter(root, url.replace('localhost', '127.0.0.1'), () => stop)
    await sleep(2500 + Math.random() * 1500)
    child.kill('SIGINT')
    stop = true
    const code = await exited
    const batches = await writing
    expect(code, stderr).toBe(0)
    expect(existsSync(join(root, '.wrangler/state/kvdev/lock'))).toBe(false)
    expect(existsSync(join(root, '.wrangler/state/kvdev/server.json'))).toBe(false)
    const result = await checkBatches(root, batches)
    console.info(
      `[reliability] lifecycle/ctrl-c: ${batches.length} batches, ${result.acknowledgedKeys} acknowledged keys present, ${result.unacknowledgedBatches} batches cut (${result.partialKeys} of their keys landed)`,
    )
  })
})
