import { describe, expect, it } from 'vitest'
import { KV_LIMITS } from '../../src/constants'
import { checkJsonWrite, parseStoredJson } from '../../src/services/json-value'

describe('checkJsonWrite', () => {
  it('serialises json values of every kind', () => {
    for (const value of ['s', 0, false, { a: [1] }, [null]])
      expect(checkJsonWrite({ key: 'k', value })).toEqual({
        ok: true,
        key: 'k',
        text: JSON.stringify(value),
        ttl: undefined,
      })
  })

  it('refuses a missing value, null and what json cannot hold', () => {
    expect(checkJsonWrite({ key: 'k', value: undefined })).toMatchObject({
      ok: false,
      error: /Missing `value`/,
    })
    expect(checkJsonWrite({ key: 'k', value: null })).toMatchObject({
      ok: false,
      error: /Invalid value: null/,
    })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(checkJsonWrite({ key: 'k', value: cyclic })).toMatchObject({
      ok: false,
      error: /^Value is not JSON: /,
    })
    expect(checkJsonWrite({ key: 'k', value: 1n })).toMatchObject({
      ok: false,
      error: /^Value is not JSON: /,
    })
  })

  it('applies workers kv limits from src/rules and an application cap', () => {
    expect(checkJsonWrite({ key: '', value: 1 })).toMatchObject({
      ok: false,
      error: /Key is empty/,
    })
    expect(checkJsonWrite({ key: 'k', value: 1, ttl: 59 })).toMatchObject({
      ok: false,
      error: /at least 60 seconds/,
    })
    expect(checkJsonWrite({ key: 'k', value: 1, ttl: 60.5 })).toMatchObject({
      ok: false,
      error: /whole number/,
    })
    const big = 'x'.repeat(KV_LIMITS.MAX_VALUE_SIZE_BYTES)
    expect(checkJsonWrite({ key: 'k', value: big })).toMatchObject({
      ok: false,
      error: /at most 26214400 bytes/,
    })
    expect(checkJsonWrite({ key: 'k', value: 'abcd', maxValueBytes: 5 })).toMatchObject({
      ok: false,
      error: 'Value is 6 bytes as JSON; this store takes values of at most 5 bytes.',
    })
  })
})

describe('parseStoredJson', () => {
  it('parses json and gives text written by other tools back as text', () => {
    expect(parseStoredJson('{"a":1}')).toEqual({ a: 1 })
    expect(parseStoredJson('plain words')).toBe('plain words')
    expect(parseStoredJson(null)).toBeNull()
  })
})
