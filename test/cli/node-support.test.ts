import { spawn, spawnSync } from 'node:child_process'
import { describe, expect, it, vi } from 'vitest'
import { getNodeSupportWarning } from '../../src/node-support'
import { BIN, createProject, runKvdev } from './helpers'

// The machine's own Node, when it is one kvdev does not support (Node 20 on CI images).
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((file) => {
  const version = spawnSync(file, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout
  return version !== undefined && getNodeSupportWarning(version.trim()) !== undefined
})

describe('node support (issue 20)', { timeout: 60_000 }, () => {
  it('names the oldest supported node and what is slower below it', () => {
    expect(getNodeSupportWarning('22.12.0')).toBeUndefined()
    expect(getNodeSupportWarning('24.1.0')).toBeUndefined()
    expect(getNodeSupportWarning('20.20.2')).toBe(
      "[kvdev] Node 20.20.2 is older than kvdev supports: it needs Node 22.12 or later. Here, without node:sqlite, every CLI command starts workerd (about 1 s instead of 0.1 s) and the dev server's KV binding goes through workerd for every call. Install Node 22.12 or later.",
    )
    expect(getNodeSupportWarning('22.11.0')).toContain('needs Node 22.12 or later')
  })

  it('says nothing about node on a supported one', async () => {
    const project = createProject()
    const result = await runKvdev(project.root, ['list'])
    project.cleanup()
    expect(result).toMatchObject({ code: 0, stderr: '' })
  })

  it.runIf(OLD_NODE)('prints one line on an older node, then runs the command', () => {
    const project = createProject()
    const result = spawnSync(OLD_NODE!, [BIN, 'list'], { cwd: project.root, encoding: 'utf8' })
    project.cleanup()
    expect(result.status).toBe(0)
    const lines = result.stderr.split('\n').filter((line) => line.includes('Node'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^\[kvdev\] Node 20\.\d+\.\d+ is older than kvdev supports: it needs Node 22\.12 or later\./,
    )
  })

  it.runIf(OLD_NODE)('prints it once from kvdev dev, where the cli runs the plugin', async () => {
    const project = createProject()
    const child = spawn(OLD_NODE!, [BIN, 'dev', '--port', '0'], { cwd: project.root })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise((done) => child.on('exit', done))
    try {
      await vi.waitFor(() => expect(stdout).toContain('\n'), { timeout: 45_000, interval: 100 })
    } finally {
      child.kill('SIGINT')
      await exited
      project.cleanup()
    }
    const lines = `${stdout}${stderr}`
      .split('\n')
      .filter((line) => line.includes('needs Node 22.12'))
    expect(lines).toHaveLength(1)
  })
})
