import { describe, expect, it } from 'vitest'
import {
  checkBulkCount,
  checkExpiration,
  checkExpirationTtl,
  checkKey,
  checkListLimit,
  checkMetadata,
  checkPrefix,
  checkTextValue,
  checkValueSize,
  describeViolation,
} from '../../src/rules'

describe('kv rules', () => {
  it('accepts keys Workers KV accepts, NUL and slashes included', () => {
    for (const key of ['a', 'user:1:state', 'a/b/c', '\u0000', 'x'.repeat(512), 'é'.repeat(256)]) {
      expect(checkKey(key)).toBeUndefined()
    }
  })

  it('names the rule and the value of a bad key', () => {
    expect(checkKey('')).toEqual({ rule: 'key-empty' })
    expect(checkKey('..')).toEqual({ rule: 'key-reserved', key: '..' })
    expect(checkKey(42)).toEqual({ rule: 'key-type', value: 42 })
    expect(checkKey('a\ud800')).toMatchObject({ rule: 'key-surrogate', index: 1 })
    const long = checkKey(`${'é'.repeat(256)}a`)
    expect(long).toMatchObject({ rule: 'key-too-long', bytes: 513, limit: 512 })
    expect(describeViolation(long!)).toMatch(/ is 513 bytes; KV keys must be at most 512 bytes\.$/)
  })

  it('caps prefixes, values and metadata at Cloudflare limits', () => {
    expect(checkPrefix('p'.repeat(513))).toMatchObject({ rule: 'prefix-too-long', bytes: 513 })
    expect(checkValueSize(26_214_400)).toBeUndefined()
    expect(checkValueSize(26_214_401)).toMatchObject({ rule: 'value-too-large', limit: 26_214_400 })
    expect(checkTextValue('a\udc00')).toMatchObject({ rule: 'value-surrogate', index: 1 })
    expect(checkMetadata({ a: 'x'.repeat(1016) })).toBeUndefined()
    expect(checkMetadata({ a: 'x'.repeat(1017) })).toMatchObject({
      rule: 'metadata-too-large',
      bytes: 1025,
    })
    expect(checkMetadata(() => 1)).toMatchObject({ rule: 'metadata-not-json' })
  })

  it('refuses ttls under 60 s and expirations under 60 s ahead', () => {
    expect(checkExpirationTtl(60)).toBeUndefined()
    expect(checkExpirationTtl(30)).toEqual({ rule: 'ttl-too-short', value: 30, min: 60 })
    expect(checkExpirationTtl(60.5)).toMatchObject({ rule: 'ttl-not-integer' })
    expect(checkExpiration(1060, 1000)).toBeUndefined()
    expect(checkExpiration(1059, 1000)).toMatchObject({
      rule: 'expiration-too-soon',
      earliest: 1060,
    })
  })

  it('bounds list limits and bulk sizes', () => {
    expect(checkListLimit(1000)).toBeUndefined()
    expect(checkListLimit(1001)).toMatchObject({ rule: 'list-limit', max: 1000 })
    expect(checkListLimit(5, 10)).toMatchObject({ rule: 'list-limit', min: 10 })
    expect(checkBulkCount(100, 'get')).toBeUndefined()
    expect(checkBulkCount(101, 'get')).toMatchObject({ rule: 'bulk-count', max: 100 })
    expect(checkBulkCount(10_001, 'write')).toMatchObject({ max: 10_000 })
    expect(checkBulkCount(0, 'delete')).toMatchObject({ rule: 'bulk-count' })
  })
})
