import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, createProject, runKvdev } from './helpers'

describe('kvdev dev realism flags (issue 15)', { timeout: 120_000 }, () => {
  const project = createProject()
  afterAll(() => project.cleanup())

  it('turns on the write rate and the tma limits, shown to the inspector', async () => {
    const args = [
      BIN,
      'dev',
      '--port',
      '0',
      '--write-rate-limit',
      '--limits',
      'tma',
      '--propagation-delay',
      '30',
    ]
    // stdin stays open: Vite closes a server whose stdin ends.
    const child = spawn(process.execPath, args, {
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
      const realism = await (await fetch(`${url}/__kv/api/realism`)).json()
      expect(realism).toEqual({
        modes: ['write rate 1/s per key', 'propagation 30 s', 'limits tma'],
        location: 'local',
      })
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
  })

  it('refuses an unknown profile and a bad delay with exit 2', async () => {
    const profile = await runKvdev(project.root, ['dev', '--limits', 'huge'])
    expect(profile.code).toBe(2)
    expect(profile.stderr).toContain('Invalid --limits: "huge". Use workers-kv, tma')
    const delay = await runKvdev(project.root, ['dev', '--propagation-delay', 'soon'])
    expect(delay.code).toBe(2)
    expect(delay.stderr).toContain('Invalid --propagation-delay: "soon".')
  })
})
