import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { createKvClient, KvClientError } from '../../src/client-sdk'
import { userKv } from '../../src/server-entry'
import type { PlaycademyUser } from '../../src/users/types'

let kv: KvRuntime
beforeAll(async () => {
  kv = await createKvRuntime({ persist: false })
})
afterAll(async () => {
  await kv?.dispose()
})

/** An app as on Workers: its own auth sets playcademyUser, then userKv at /api/kv. */
function clientFor(sub: string | undefined, maxValueBytes?: number) {
  const app = new Hono()
  app.use('*', async (c, next) => {
    c.set('playcademyUser', sub ? ({ sub } as PlaycademyUser) : undefined)
    await next()
  })
  app.route('/api/kv', userKv({ maxValueBytes }))
  return createKvClient({
    fetch: async (input, init) =>
      app.request(String(input), init as RequestInit, { KV: kv.env.KV }),
  })
}

describe('createKvClient with userKv', () => {
  it('sets, gets, lists and removes json values under user:<sub>:', async () => {
    const tma = clientFor('123')
    await tma.set('user:preferences', { theme: 'dark', language: 'en' })
    expect(await tma.get('user:preferences')).toEqual({ theme: 'dark', language: 'en' })
    expect(await kv.env.KV!.get('user:123:user:preferences')).toBe(
      '{"theme":"dark","language":"en"}',
    )
    await tma.set('scores/level 1', [3, 2])
    const result = await tma.list('')
    expect(result).toEqual({
      keys: [{ name: 'scores/level 1' }, { name: 'user:preferences' }],
      list_complete: true,
    })
    expect((await tma.list('user:')).keys.map((k) => k.name)).toEqual(['user:preferences'])
    await tma.remove('user:preferences')
    expect(await tma.get('user:preferences')).toBeNull()
  })

  it('answers 414 with the rule to a key over 512 bytes with its prefix, on every method (issue 18)', async () => {
    const client = clientFor('123')
    const long = 'k'.repeat(509) // 'user:123:' makes it 518 bytes
    // One call at a time: a call started early would reject with no handler yet.
    for (const call of [
      () => client.get(long),
      () => client.set(long, 1),
      () => client.remove(long),
    ]) {
      const error = await call().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(KvClientError)
      expect(error).toMatchObject({
        status: 414,
        message: '[kvdev] Key is 518 bytes; KV keys must be at most 512 bytes.',
      })
    }
  })

  it('keeps two users apart', async () => {
    const ada = clientFor('ada')
    const grace = clientFor('grace')
    await ada.set('secret', 'ada only')
    expect(await grace.get('secret')).toBeNull()
    expect((await grace.list()).keys).toEqual([])
    await grace.remove('secret')
    expect(await ada.get('secret')).toBe('ada only')
  })

  it("refuses a user id with a colon, which could reach another user's keys", async () => {
    const error = await clientFor('ada:x')
      .get('y')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      status: 400,
      message: expect.stringMatching(/User id has a colon/),
    })
  })

  it('throws KvClientError with the status and the server message', async () => {
    const error = await clientFor(undefined)
      .get('x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KvClientError)
    expect(error).toMatchObject({
      status: 401,
      message: expect.stringMatching(/^\[kvdev\] Not signed in/),
    })
    const big = await clientFor('ada', 10)
      .set('big', 'x'.repeat(20))
      .catch((e: unknown) => e)
    expect(big).toMatchObject({ name: 'KvClientError', status: 400 })
    expect((big as Error).message).toMatch(/at most 10 bytes/)
  })
})
