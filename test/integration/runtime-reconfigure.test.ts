import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { listeningPorts, workerdChildren } from '../helpers/listening-ports'
import { attackPorts, gotThrough } from '../helpers/socket-attack'

describe('runtime reconfigure (issue 12)', () => {
  let root: string
  let kv: KvRuntime
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-reconfigure-'))
    kv = await createKvRuntime({ root, bindings: [{ binding: 'KV', id: 'main' }] })
  })
  afterAll(async () => {
    await kv.dispose()
    rmSync(root, { recursive: true, force: true })
  })

  it('applies new bindings to the same runtime, keeping the data and the lock', async () => {
    const env = kv.env
    await kv.env.KV!.put('kept', 'yes')
    const workerd = workerdChildren(process.pid)
    await kv.reconfigure([
      { binding: 'KV', id: 'main' },
      { binding: 'EXTRA', id: 'extra' },
    ])
    expect(kv.env).toBe(env)
    expect(Object.keys(kv.env)).toEqual(['KV', 'EXTRA'])
    expect(kv.bindings.map((b) => b.binding)).toEqual(['KV', 'EXTRA'])
    expect(await kv.env.KV!.get('kept')).toBe('yes')
    await kv.env.EXTRA!.put('new', '1')
    expect(await kv.store('EXTRA').count()).toBe(1)
    const lock = JSON.parse(readFileSync(join(root, '.wrangler/state/kvdev/lock'), 'utf8'))
    expect(lock.pid).toBe(process.pid)
    // setOptions started a new workerd.
    expect(workerdChildren(process.pid)).not.toEqual(workerd)
  })

  it('drops cached reads when a binding now names another namespace', async () => {
    await kv.reconfigure([{ binding: 'KV', id: 'main' }])
    await kv.env.KV!.put('cached', 'main value')
    expect(await kv.env.KV!.get('cached')).toBe('main value')
    await kv.reconfigure([{ binding: 'KV', id: 'extra' }])
    expect(await kv.env.KV!.get('cached')).toBeNull()
    expect(await kv.env.KV!.get('new')).toBe('1')
    expect(() => kv.store('EXTRA')).toThrow(/No KV binding named "EXTRA"/)
  })

  it('answers calls made while it reconfigures', async () => {
    await kv.reconfigure([{ binding: 'KV', id: 'main' }])
    const writes = Array.from({ length: 20 }, (_, i) => kv.env.KV!.put(`during:${i}`, String(i)))
    const change = kv.reconfigure([{ binding: 'KV', id: 'main' }])
    const more = Array.from({ length: 20 }, (_, i) => kv.env.KV!.put(`after:${i}`, String(i)))
    await Promise.all([...writes, change, ...more])
    expect(await kv.store().count('during:')).toBe(20)
    expect(await kv.store().count('after:')).toBe(20)
  })

  it.runIf(process.platform === 'linux')('keeps refusing clients without the secret', async () => {
    const ports = workerdChildren(process.pid).flatMap(listeningPorts)
    expect(ports.length).toBeGreaterThanOrEqual(2)
    const results = await attackPorts([...ports, ...listeningPorts(process.pid)])
    expect(results.filter(gotThrough)).toEqual([])
    expect(await kv.env.KV!.get('planted')).toBeNull()
    expect(await kv.env.KV!.get('kept')).toBe('yes')
  })
})
