import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { kvRest } from '../../src/rest'
import { createJwksCache } from '../../src/services/rest/jwks-cache'
import { type JwksServer, startJwksServer } from '../helpers/jwks-server'

let kv: KvRuntime
let keys: JwksServer
let other: JwksServer

beforeAll(async () => {
  kv = await createKvRuntime({ persist: false })
  keys = await startJwksServer()
  other = await startJwksServer()
})
afterAll(async () => {
  await kv?.dispose()
  await keys?.close()
  await other?.close()
})

const claims = { sub: 'svc', exp: Math.floor(Date.now() / 1000) + 600 }

/** A fresh app (a fresh cache) against `url`; each call sends `token`. */
function client(url: string) {
  const app = kvRest()
  return (token: string) =>
    app.request(
      '/v1/kv/jwks-probe',
      { headers: { authorization: `Bearer ${token}` } },
      { KV: kv.env.KV, KV_JWKS_URL: url },
    )
}

describe('kvRest jwks (issue 18, item 5)', () => {
  it('fetches the key set once for twenty tokens with forged kids and answers each 401', async () => {
    keys.answer('keys')
    const before = keys.fetches
    const get = client(keys.url)
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => get(await keys.sign(claims, `forged-${i}`))),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(401))
    expect(keys.fetches - before).toBe(1)
    // A token with the published kid verifies from the cache: no further fetch.
    expect((await get(await keys.sign(claims))).status).toBe(404)
    expect(keys.fetches - before).toBe(1)
  })

  it('answers 401 naming no url when the key server fails, and recovers once it answers', async () => {
    keys.answer('fail')
    const get = client(keys.url)
    const res = await get(await keys.sign(claims))
    expect(res.status).toBe(401)
    const text = JSON.stringify([...res.headers]) + (await res.text())
    expect(text).not.toContain('127.0.0.1')
    expect(text).not.toContain('jwks.json')
    keys.answer('keys')
  })

  it('gives up on a key server that never answers and answers 401', async () => {
    keys.answer('hang')
    const get = client(keys.url)
    // Without a bounded fetch this request would wait for ever (the test's own timeout fails it).
    expect((await get(await keys.sign(claims))).status).toBe(401)
    keys.answer('keys')
  }, 10_000)

  it('does not follow a redirect to another key set', async () => {
    keys.answer({ redirect: other.url })
    const before = other.fetches
    const get = client(keys.url)
    expect((await get(await other.sign(claims))).status).toBe(401)
    expect(other.fetches).toBe(before)
    keys.answer('keys')
  })
})

describe('createJwksCache', () => {
  it('refetches for an unknown kid at most once per interval, and keys older than the max age', async () => {
    keys.answer('keys')
    let clock = 1_000_000
    const cache = createJwksCache({ intervalMs: 30_000, maxAgeMs: 600_000, now: () => clock })
    const before = keys.fetches
    expect((await cache.keysFor(keys.url, 'test-key')).map((k) => k.kid)).toEqual(['test-key'])
    await cache.keysFor(keys.url, 'rotated')
    await cache.keysFor(keys.url, 'rotated')
    expect(keys.fetches - before).toBe(1)
    clock += 30_000
    await cache.keysFor(keys.url, 'rotated')
    await cache.keysFor(keys.url, 'test-key')
    expect(keys.fetches - before).toBe(2)
    clock += 600_001
    await cache.keysFor(keys.url, 'test-key')
    expect(keys.fetches - before).toBe(3)
  })
})
