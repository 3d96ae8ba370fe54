import { describe, expect, it } from 'vitest'
import { KV_LIMITS } from '../../src/constants'
import { KvdevError } from '../../src/errors'
import { parseSeed, validateRecord } from '../../src/formats'

const NOW = 1_700_000_000
const FILE = 'seeds/kv.json'

/** Parses `records` as a bulk array and returns the error message. */
function bulkError(records: unknown[]): string {
  return errorOf(() => parseSeed(JSON.stringify(records), { file: FILE, now: NOW }))
}

function errorOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(KvdevError)
    expect((error as KvdevError).code).toBe('ERR_SEED')
    return (error as Error).message
  }
  throw new Error('expected an error, got none')
}

describe('validateRecord', () => {
  it('names the file, index, key and rule of a key over 512 bytes', () => {
    const key = `${'😀'.repeat(128)}a`
    expect(bulkError([{ key, value: 'v' }])).toBe(
      `[kvdev] seeds/kv.json, index 0, key "${'😀'.repeat(64)}…": Key is 513 bytes; KV keys must be at most 512 bytes.`,
    )
    const ok = '😀'.repeat(128)
    expect(parseSeed(JSON.stringify([{ key: ok, value: 'v' }]), { now: NOW })[0]!.key).toBe(ok)
  })

  it('checks keys of an object map with the same rules', () => {
    const text = JSON.stringify({ good: 'x', ['a'.repeat(KV_LIMITS.MAX_KEY_SIZE_BYTES + 1)]: 'y' })
    expect(errorOf(() => parseSeed(text, { file: FILE, now: NOW }))).toBe(
      `[kvdev] seeds/kv.json, key "${'a'.repeat(64)}…": Key is 513 bytes; KV keys must be at most 512 bytes.`,
    )
    expect(errorOf(() => parseSeed('{"..":"x"}', { file: FILE, now: NOW }))).toBe(
      '[kvdev] seeds/kv.json, key "..": Illegal key name "..". KV keys must not be "." or "..".',
    )
  })

  it('rejects missing, non-string, empty, dot and unpaired-surrogate keys', () => {
    expect(bulkError([{ key: 'a', value: '1' }, { value: '1' }])).toBe(
      '[kvdev] seeds/kv.json, index 1: Record has no "key". Each record needs a string "key".',
    )
    expect(bulkError([{ key: 42, value: '1' }])).toBe(
      '[kvdev] seeds/kv.json, index 0: Invalid key: 42. KV keys must be strings.',
    )
    expect(bulkError([{ key: '', value: '1' }])).toBe(
      '[kvdev] seeds/kv.json, index 0, key "": Key is empty. KV keys must be non-empty strings.',
    )
    expect(bulkError([{ key: '.', value: '1' }])).toBe(
      '[kvdev] seeds/kv.json, index 0, key ".": Illegal key name ".". KV keys must not be "." or "..".',
    )
    expect(bulkError([{ key: 'ab\ud800', value: '1' }])).toBe(
      '[kvdev] seeds/kv.json, index 0, key "ab\\ud800": Key has an unpaired UTF-16 surrogate at index 2. KV keys must be valid Unicode text.',
    )
  })

  it('rejects records that are not objects, naming the ndjson line', () => {
    expect(bulkError([{ key: 'a', value: '1' }, 'text'])).toBe(
      '[kvdev] seeds/kv.json, index 1: Invalid record: "text". Each record must be an object with a string "key" and "value".',
    )
    const text = '{"key":"a","value":"1"}\n[1,2]\n'
    expect(errorOf(() => parseSeed(text, { file: 'kv.ndjson', now: NOW }))).toBe(
      '[kvdev] kv.ndjson, line 2: Invalid record: [1,2]. Each record must be an object with a string "key" and "value".',
    )
  })

  it('rejects unknown fields, __proto__ included', () => {
    expect(bulkError([{ key: 'a', value: '1', ttl: 60 }])).toBe(
      '[kvdev] seeds/kv.json, index 0, key "a": Unknown field "ttl". Record fields are key, value, base64, expiration, expiration_ttl and metadata.',
    )
    const text = '[{"key":"a","value":"1","__proto__":{},"extra":1}]'
    expect(errorOf(() => parseSeed(text, { file: FILE, now: NOW }))).toBe(
      '[kvdev] seeds/kv.json, index 0, key "a": Unknown fields "__proto__", "extra". Record fields are key, value, base64, expiration, expiration_ttl and metadata.',
    )
  })

  it('rejects missing and non-string values', () => {
    expect(bulkError([{ key: 'a' }])).toBe(
      '[kvdev] seeds/kv.json, index 0, key "a": Record has no "value". Each record needs a string "value".',
    )
    expect(bulkError([{ key: 'a', value: { x: 1 } }])).toBe(
      '[kvdev] seeds/kv.json, index 0, key "a": Invalid value: {"x":1}. Record values must be strings; write binary data as base64 with "base64": true.',
    )
  })

  it('rejects a non-boolean base64 flag and invalid base64', () => {
    expect(bulkError([{ key: 'a', value: 'aGk=', base64: 'yes' }])).toBe(
      '[kvdev] seeds/kv.json, index 0, key "a": Invalid base64: "yes". "base64" must be true or false.',
    )
    for (const value of ['a', 'aGk=a', 'aG=k', 'a-_b', 'aG k=', 'aGk===']) {
      expect(bulkError([{ key: 'a', value, base64: true }])).toBe(
        `[kvdev] seeds/kv.json, index 0, key "a": Value is not valid base64: ${JSON.stringify(value)}. With "base64": true the value must be standard base64 (A-Z, a-z, 0-9, +, / and = padding).`,
      )
    }
    expect(parseSeed('[{"key":"a","value":"aGk","base64":true}]', { now: NOW })).toHaveLength(1)
  })

  it('round-trips every byte value through base64', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    const value = Buffer.from(bytes).toString('base64')
    const [record] = parseSeed(JSON.stringify([{ key: 'bin', value, base64: true }]), { now: NOW })
    expect(record).toStrictEqual({ key: 'bin', value, base64: true })
    expect(new Uint8Array(Buffer.from(record!.value, 'base64'))).toStrictEqual(bytes)
  })

  it('drops a false base64 flag from the returned record', () => {
    expect(validateRecord({ key: 'a', value: 'x', base64: false })).toStrictEqual({
      key: 'a',
      value: 'x',
    })
  })

  it('limits values to 25 MiB, counting decoded bytes for base64', () => {
    const max = KV_LIMITS.MAX_VALUE_SIZE_BYTES
    expect(validateRecord({ key: 'a', value: 'x'.repeat(max) }).value).toHaveLength(max)
    expect(
      errorOf(() => validateRecord({ key: 'a', value: 'x'.repeat(max + 1) }, { index: 4 })),
    ).toBe(
      `[kvdev] index 4, key "a": Value is ${max + 1} bytes; KV values must be at most ${max} bytes.`,
    )
    const fits = Buffer.alloc(max).toString('base64')
    expect(validateRecord({ key: 'a', value: fits, base64: true }).base64).toBe(true)
    const over = Buffer.alloc(max + 1).toString('base64')
    expect(errorOf(() => validateRecord({ key: 'a', value: over, base64: true }))).toBe(
      `[kvdev] key "a": Value is ${max + 1} bytes; KV values must be at most ${max} bytes.`,
    )
  })

  it('counts a text value in utf-8 bytes and rejects unpaired surrogates', () => {
    const max = KV_LIMITS.MAX_VALUE_SIZE_BYTES
    const value = 'é'.repeat(max / 2 + 1)
    expect(errorOf(() => validateRecord({ key: 'a', value }))).toBe(
      `[kvdev] key "a": Value is ${max + 2} bytes; KV values must be at most ${max} bytes.`,
    )
    expect(errorOf(() => validateRecord({ key: 'a', value: 'x\udc00' }))).toBe(
      '[kvdev] key "a": Value has an unpaired UTF-16 surrogate at index 1. Text values must be valid Unicode; write binary data as base64 with "base64": true.',
    )
  })

  it('limits metadata to 1024 bytes of json', () => {
    // {"m":"…"} is 8 bytes around the string.
    const fits = { m: 'x'.repeat(KV_LIMITS.MAX_METADATA_SIZE_BYTES - 8) }
    expect(JSON.stringify(fits)).toHaveLength(1024)
    const [record] = parseSeed(JSON.stringify([{ key: 'a', value: '1', metadata: fits }]), {
      now: NOW,
    })
    expect(record!.metadata).toStrictEqual(fits)
    const over = { m: 'x'.repeat(KV_LIMITS.MAX_METADATA_SIZE_BYTES - 7) }
    expect(bulkError([{ key: 'a', value: '1', metadata: over }])).toBe(
      '[kvdev] seeds/kv.json, index 0, key "a": Metadata is 1025 bytes as JSON; KV metadata must be at most 1024 bytes.',
    )
  })

  it('rejects metadata that is not json', () => {
    expect(errorOf(() => validateRecord({ key: 'a', value: '1', metadata: () => 1 }))).toBe(
      '[kvdev] key "a": Metadata is not JSON-serialisable: () => 1. KV metadata must be a JSON value.',
    )
    expect(errorOf(() => validateRecord({ key: 'a', value: '1', metadata: { n: 1n } }))).toMatch(
      /^\[kvdev\] key "a": Metadata is not JSON-serialisable: .*BigInt.*\. KV metadata must be a JSON value\.$/,
    )
  })

  it('requires expiration to be an integer at least 60 seconds ahead', () => {
    const rule = 'Expiration must be an integer number of seconds since the UNIX epoch.'
    expect(bulkError([{ key: 'a', value: '1', expiration: NOW + 60.5 }])).toBe(
      `[kvdev] seeds/kv.json, index 0, key "a": Invalid expiration: ${NOW + 60.5}. ${rule}`,
    )
    expect(bulkError([{ key: 'a', value: '1', expiration: String(NOW + 3600) }])).toBe(
      `[kvdev] seeds/kv.json, index 0, key "a": Invalid expiration: "${NOW + 3600}". ${rule}`,
    )
    expect(bulkError([{ key: 'a', value: '1', expiration: NOW + 59 }])).toBe(
      `[kvdev] seeds/kv.json, index 0, key "a": Invalid expiration: ${NOW + 59}. Expiration must be at least 60 seconds in the future (at or after ${NOW + 60}); remove it or set a later time.`,
    )
    const ok = parseSeed(JSON.stringify([{ key: 'a', value: '1', expiration: NOW + 60 }]), {
      now: NOW,
    })
    expect(ok[0]!.expiration).toBe(NOW + 60)
  })

  it('measures expiration against the current time by default', () => {
    const later = Math.ceil(Date.now() / 1000) + 3600
    expect(validateRecord({ key: 'a', value: '1', expiration: later }).expiration).toBe(later)
    expect(errorOf(() => validateRecord({ key: 'a', value: '1', expiration: NOW }))).toMatch(
      /^\[kvdev\] key "a": Invalid expiration: 1700000000\. Expiration must be at least 60 seconds in the future/,
    )
  })

  it('requires expiration_ttl to be an integer of at least 60', () => {
    for (const ttl of [59, 60.5, '120', -1]) {
      expect(bulkError([{ key: 'a', value: '1', expiration_ttl: ttl }])).toBe(
        `[kvdev] seeds/kv.json, index 0, key "a": Invalid expiration_ttl: ${JSON.stringify(ttl)}. Expiration TTL must be an integer of at least 60 seconds.`,
      )
    }
    expect(validateRecord({ key: 'a', value: '1', expiration_ttl: 60 }).expiration_ttl).toBe(60)
  })

  it('reads own fields only, never inherited ones', () => {
    const record = Object.create({ value: 'inherited' }) as Record<string, unknown>
    record.key = 'a'
    expect(errorOf(() => validateRecord(record))).toBe(
      '[kvdev] key "a": Record has no "value". Each record needs a string "value".',
    )
  })

  it('validates the whole input before returning', () => {
    const records = [
      ...Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
      { key: '' },
    ]
    expect(bulkError(records)).toBe(
      '[kvdev] seeds/kv.json, index 50, key "": Key is empty. KV keys must be non-empty strings.',
    )
  })
})
