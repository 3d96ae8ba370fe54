import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, createProject, runKvdev } from './helpers'

describe('kvdev dev', { timeout: 120_000 }, () => {
  const project = createProject()
  afterAll(() => project.cleanup())

  it('prints its url, serves the cli, and closes cleanly on sigint', async () => {
    // stdin stays open: Vite closes a server whose stdin ends.
    const child = spawn(process.execPath, [BIN, 'dev', '--port', '0'], {
      cwd: project.root,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk
        if (stdout.includes('\n')) done(stdout.trim())
      })
      child.on('exit', () => fail(new Error(`kvdev dev exited early: ${stderr}`)))
    })
    try {
      expect(url).toMatch(/^http:\/\/localhost:\d+$/)
      const set = await runKvdev(project.root, ['set', 'from-cli', 'yes'])
      expect(set.code).toBe(0)
      expect(set.stderr).toContain('(dev server http://')
      expect((await runKvdev(project.root, ['get', 'from-cli'])).out).toBe('yes')
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
    expect(stderr).toContain('[kvdev] SIGINT: closing the dev server.')
    expect(existsSync(join(project.root, '.wrangler/state/kvdev/server.json'))).toBe(false)
    expect(existsSync(join(project.root, '.wrangler/state/kvdev/lock'))).toBe(false)
  })

  it('refuses --remote and a bad port with exit 2', async () => {
    expect((await runKvdev(project.root, ['dev', '--remote'])).code).toBe(2)
    expect((await runKvdev(project.root, ['dev', '--port', 'x'])).code).toBe(2)
  })
})
