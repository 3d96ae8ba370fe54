import { describe, expect, it } from 'vitest'
import { createKv } from '../../src'

describe('createKv', () => {
  it('puts and gets through the binding', async () => {
    const t = Date.now()
    const kv = await createKv({ persist: false })
    console.log('start', Date.now() - t)
    await kv.env.KV!.put('k', 'v', { metadata: { a: 1 } })
    expect(await kv.env.KV!.get('k')).toBe('v')
    expect(await kv.env.KV!.getWithMetadata('k')).toEqual({ value: 'v', metadata: { a: 1 }, cacheStatus: null })
    const t2 = performance.now()
    for (let i = 0; i < 200; i++) await kv.env.KV!.get('k')
    console.log('get ms', (performance.now() - t2) / 200)
    await expect(kv.env.KV!.put('x'.repeat(513), 'v')).rejects.toThrow('KV PUT failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.')
    console.log(await kv.store().stats())
    const t3 = Date.now()
    await kv.dispose()
    console.log('dispose', Date.now() - t3)
  })
})
