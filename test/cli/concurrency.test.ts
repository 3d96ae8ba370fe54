import { afterAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { createProject, runKvdev } from './helpers'

describe('kvdev cli, concurrent runs', { timeout: 180_000 }, () => {
  const project = createProject()
  afterAll(() => project.cleanup())

  it('serialises two cli processes writing at once, with no error', async () => {
    const runs = await Promise.all([
      runKvdev(project.root, ['set', 'a', 'from-first']),
      runKvdev(project.root, ['set', 'b', 'from-second']),
      runKvdev(project.root, ['set', 'c', 'from-third']),
    ])
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/SQLITE|locked|in use/i)
      expect(run.code).toBe(0)
    }
    const kv = await createKvRuntime({ root: project.root })
    try {
      expect(await kv.env.KV!.get('a')).toBe('from-first')
      expect(await kv.env.KV!.get('b')).toBe('from-second')
      expect(await kv.env.KV!.get('c')).toBe('from-third')
    } finally {
      await kv.dispose()
    }
  })
})
