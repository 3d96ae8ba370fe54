import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { acquireLock } from '../../src/runtime/lock'

describe('store lock', () => {
  const dirs: string[] = []
  const temp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvdev-lock-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a second owner of the same store with a clear message', async () => {
    const root = temp()
    const first = await createKvRuntime({ root, role: 'server' })
    try {
      const lockPath = join(root, '.wrangler/state/kvdev/lock')
      expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(process.pid)
      await expect(createKvRuntime({ root })).rejects.toThrow(/already open in this process/)
    } finally {
      await first.dispose()
    }
    expect(existsSync(join(root, '.wrangler/state/kvdev/lock'))).toBe(false)
  })

  it('names the live holder of the lock and waits for it', async () => {
    const path = join(temp(), 'lock')
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600)'])
    writeFileSync(path, JSON.stringify({ pid: child.pid, role: 'server', since: Date.now() }))
    await expect(acquireLock(path, 'cli', 0)).rejects.toThrow(
      `The KV store is in use by a kvdev dev server (pid ${child.pid})`,
    )
    const exited = new Promise((resolve) => child.on('exit', resolve))
    const waiting = acquireLock(path, 'cli', 10_000)
    await exited
    const lock = await waiting
    expect(lock.owner.pid).toBe(process.pid)
    lock.release()
  })

  it('clears a lock left by a dead process', async () => {
    const root = temp()
    const path = join(root, '.wrangler/state/kvdev/lock')
    const dead = spawn(process.execPath, ['-e', '0'])
    await new Promise((resolve) => dead.on('exit', resolve))
    const kv0 = await createKvRuntime({ root })
    await kv0.dispose()
    writeFileSync(path, JSON.stringify({ pid: dead.pid, role: 'server', since: 0 }))
    const kv = await createKvRuntime({ root })
    try {
      expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid)
    } finally {
      await kv.dispose()
    }
  })

  it('keeps an in-memory runtime free of any lock', async () => {
    const a = await createKvRuntime({ persist: false })
    const b = await createKvRuntime({ persist: false })
    await a.env.KV!.put('k', 'a')
    expect(await b.env.KV!.get('k')).toBeNull()
    await Promise.all([a.dispose(), b.dispose()])
  })
})
