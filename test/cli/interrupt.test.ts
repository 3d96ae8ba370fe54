import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { createProject, runKvdev, startTestServer } from './helpers'

describe('kvdev cli interrupted', { timeout: 180_000 }, () => {
  const project = createProject()
  afterAll(() => project.cleanup())

  it('stops a seed cleanly on sigint between chunks and says how much was written', async () => {
    const total = 5000
    const records = Array.from({ length: total }, (_, i) => ({
      key: `k:${String(i).padStart(5, '0')}`,
      value: 'x',
    }))
    writeFileSync(join(project.root, 'big.json'), JSON.stringify(records))
    const server = await startTestServer(project.root)
    try {
      let pid = 0
      // The first chunk reaching the store is the moment to press Ctrl-C.
      const off = server.runtime.onChange(() => {
        off()
        process.kill(pid, 'SIGINT')
      })
      const result = await runKvdev(project.root, ['seed', 'big.json'], {
        onSpawn: (p) => (pid = p),
      })
      expect(result.code).toBe(3)
      const done = Number(/Interrupted: wrote (\d+) of 5000 keys/.exec(result.stderr)?.[1])
      expect(done).toBeGreaterThan(0)
      expect(done).toBeLessThan(total)
      expect(await server.runtime.store('KV').count()).toBe(done)
    } finally {
      await server.close()
    }
  })
  it('stops a direct seed cleanly on sigint, releasing the store', async () => {
    const project2 = createProject()
    try {
      const total = 5000
      const records = Array.from({ length: total }, (_, i) => ({
        key: `d:${String(i).padStart(5, '0')}`,
        value: 'y',
      }))
      writeFileSync(join(project2.root, 'big.json'), JSON.stringify(records))
      const blobs = join(project2.root, '.wrangler/state/v3/kv/kv-id/blobs')
      let pid = 0
      // The store's first value files on disk are the moment to press Ctrl-C.
      const poll = setInterval(() => {
        if (pid && existsSync(blobs) && readdirSync(blobs).length > 0) {
          clearInterval(poll)
          process.kill(pid, 'SIGINT')
        }
      }, 20)
      const result = await runKvdev(project2.root, ['seed', 'big.json'], {
        onSpawn: (p) => (pid = p),
      })
      clearInterval(poll)
      expect(result.code).toBe(3)
      const done = Number(/Interrupted: wrote (\d+) of 5000 keys/.exec(result.stderr)?.[1])
      expect(done).toBeGreaterThan(0)
      expect(done).toBeLessThan(total)
      expect(existsSync(join(project2.root, '.wrangler/state/kvdev/lock'))).toBe(false)
      const kv = await createKvRuntime({ root: project2.root })
      try {
        expect(await kv.store().count()).toBe(done)
      } finally {
        await kv.dispose()
      }
    } finally {
      project2.cleanup()
    }
  })
})
