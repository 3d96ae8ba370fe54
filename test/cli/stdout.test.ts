import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, createProject, runKvdev } from './helpers'

/** 3 MiB of text, more than any pipe buffers, so a write meets a full or closed pipe. */
const BIG = 'abcdefghij'.repeat(300 * 1024)

describe('kvdev cli stdout (issue 21)', { timeout: 120_000 }, () => {
  const project = createProject()
  const root = project.root
  afterAll(() => project.cleanup())

  beforeAll(async () => {
    writeFileSync(join(root, 'big.txt'), BIG)
    expect((await runKvdev(root, ['set', 'big', '--file', 'big.txt', '--quiet'])).code).toBe(0)
  }, 60_000)

  it('writes a large value whole through a pipe and to a file', async () => {
    expect((await runKvdev(root, ['get', 'big'])).out).toBe(BIG)
    const fd = openSync(join(root, 'out.txt'), 'w')
    const code = await new Promise((done) =>
      spawn(process.execPath, [BIN, 'get', 'big'], {
        cwd: root,
        stdio: ['ignore', fd, 'ignore'],
      }).on('close', done),
    )
    closeSync(fd)
    expect(code).toBe(0)
    expect(readFileSync(join(root, 'out.txt'), 'utf8')).toBe(BIG)
  })

  it('exits 0 and says nothing when the reader closes stdout early, as `| head` does', async () => {
    const child = spawn(process.execPath, [BIN, 'get', 'big'], { cwd: root })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise((done) => child.on('close', done))
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
  })
})
