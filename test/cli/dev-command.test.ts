import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createProject, runKvdev, startKvdevDev } from './helpers'

describe('kvdev dev', { timeout: 120_000 }, () => {
  const project = createProject()
  afterAll(() => project.cleanup())

  it('prints its url, serves the cli, and closes cleanly on sigint', async () => {
    const dev = await startKvdevDev(project.root)
    const { url } = dev
    let code: number | null
    try {
      expect(url).toMatch(/^http:\/\/localhost:\d+$/)
      const set = await runKvdev(project.root, ['set', 'from-cli', 'yes'])
      expect(set.code).toBe(0)
      expect(set.stderr).toContain('(dev server http://')
      expect((await runKvdev(project.root, ['get', 'from-cli'])).out).toBe('yes')
    } finally {
      code = await dev.stop()
    }
    expect(code).toBe(0)
    expect(dev.stderr()).toContain('[kvdev] SIGINT: closing the dev server.')
    expect(existsSync(join(project.root, '.wrangler/state/kvdev/server.json'))).toBe(false)
    expect(existsSync(join(project.root, '.wrangler/state/kvdev/lock'))).toBe(false)
  })

  it('refuses --remote and a bad port with exit 2', async () => {
    expect((await runKvdev(project.root, ['dev', '--remote'])).code).toBe(2)
    expect((await runKvdev(project.root, ['dev', '--port', 'x'])).code).toBe(2)
  })

  it('refuses a loader other than node or vite with exit 2 (issue 21)', async () => {
    const result = await runKvdev(project.root, ['dev', '--loader', 'tsx'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Invalid --loader: "tsx". It must be node or vite.')
  })
})
