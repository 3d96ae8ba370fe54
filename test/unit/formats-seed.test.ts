import { describe, expect, it } from 'vitest'
import { KvdevError } from '../../src/errors'
import { parseSeed } from '../../src/formats'

const NOW = 1_700_000_000
const FILE = 'seeds/kv.json'
const EXPECTED =
  'A seed is a JSON object of keys to values, a JSON array of records (wrangler kv bulk format), or one JSON record per line (NDJSON).'

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

describe('parseSeed: formats', () => {
  it('reads an object map, keeping strings and json-encoding other values', () => {
    const text =
      '{"a":"plain text","b":{"x":1},"c":42,"d":null,"e":true,"f":[1,"2"],"g":"{\\"y\\":2}"}'
    expect(parseSeed(text, { now: NOW })).toStrictEqual([
      { key: 'a', value: 'plain text' },
      { key: 'b', value: '{"x":1}' },
      { key: 'c', value: '42' },
      { key: 'd', value: 'null' },
      { key: 'e', value: 'true' },
      { key: 'f', value: '[1,"2"]' },
      { key: 'g', value: '{"y":2}' },
    ])
  })

  it("reads wrangler's bulk array with every field", () => {
    const records = [
      { key: 'a', value: 'one' },
      {
        key: 'b',
        value: 'aGk=',
        base64: true,
        expiration: NOW + 3600,
        expiration_ttl: 120,
        metadata: { n: 1 },
      },
    ]
    expect(parseSeed(JSON.stringify(records, null, 2), { now: NOW })).toStrictEqual(records)
  })

  it('reads ndjson with blank lines and crlf endings', () => {
    const text = '{"key":"a","value":"1"}\r\n\r\n  \n{"key":"b","value":"2","metadata":[1]}\r\n'
    expect(parseSeed(text, { now: NOW })).toStrictEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2', metadata: [1] },
    ])
  })

  it('reads a one-line ndjson file when the extension or format says so', () => {
    const line = '{"key":"a","value":"1"}\n'
    const record = [{ key: 'a', value: '1' }]
    expect(parseSeed(line, { file: 'dump.ndjson', now: NOW })).toStrictEqual(record)
    expect(parseSeed(line, { file: 'dump.JSONL', now: NOW })).toStrictEqual(record)
    expect(parseSeed(line, { format: 'ndjson', now: NOW })).toStrictEqual(record)
  })

  it('reads a single json object without an ndjson hint as an object map', () => {
    expect(parseSeed('{"key":"a","value":"1"}', { now: NOW })).toStrictEqual([
      { key: 'key', value: 'a' },
      { key: 'value', value: '1' },
    ])
  })

  it('ignores a utf-8 byte order mark', () => {
    expect(parseSeed('\uFEFF{"a":"b"}', { now: NOW })).toStrictEqual([{ key: 'a', value: 'b' }])
  })

  it('reads empty input, {} and [] as no records', () => {
    expect(parseSeed('', { now: NOW })).toStrictEqual([])
    expect(parseSeed(' \n\t', { now: NOW })).toStrictEqual([])
    expect(parseSeed('{}', { now: NOW })).toStrictEqual([])
    expect(parseSeed('[]', { now: NOW })).toStrictEqual([])
  })

  it('keeps __proto__, constructor and toString keys of an object map as data', () => {
    const text =
      '{"__proto__":{"polluted":true},"constructor":"c","toString":"t","hasOwnProperty":1}'
    const records = parseSeed(text, { now: NOW })
    expect(records).toStrictEqual([
      { key: '__proto__', value: '{"polluted":true}' },
      { key: 'constructor', value: 'c' },
      { key: 'toString', value: 't' },
      { key: 'hasOwnProperty', value: '1' },
    ])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(records[0])).toBe(Object.prototype)
  })

  it('keeps __proto__ inside metadata as data', () => {
    const text = '[{"key":"k","value":"v","metadata":{"__proto__":{"admin":true}}}]'
    const [record] = parseSeed(text, { now: NOW })
    expect(Object.hasOwn(record!.metadata as object, '__proto__')).toBe(true)
    expect(JSON.stringify(record!.metadata)).toBe('{"__proto__":{"admin":true}}')
    expect((record!.metadata as { admin?: boolean }).admin).toBeUndefined()
  })

  it('lets the last record of a duplicated key win, at the first one’s position', () => {
    const bulk = '[{"key":"a","value":"1"},{"key":"b","value":"2"},{"key":"a","value":"3"}]'
    const expected = [
      { key: 'a', value: '3' },
      { key: 'b', value: '2' },
    ]
    expect(parseSeed(bulk, { now: NOW })).toStrictEqual(expected)
    const ndjson = '{"key":"a","value":"1"}\n{"key":"b","value":"2"}\n{"key":"a","value":"3"}\n'
    expect(parseSeed(ndjson, { now: NOW })).toStrictEqual(expected)
    expect(parseSeed('{"a":"1","b":"2","a":"3"}', { now: NOW })).toStrictEqual(expected)
  })

  it('rejects a top-level value that is neither an object nor an array', () => {
    for (const [text, type] of [
      ['42', 'a number'],
      ['"text"', 'a string'],
      ['null', 'null'],
      ['true', 'a boolean'],
    ]) {
      expect(errorOf(() => parseSeed(text!, { file: FILE, now: NOW }))).toBe(
        `[kvdev] seeds/kv.json: Seed is ${type}, expected a JSON object or array. ${EXPECTED}`,
      )
    }
  })

  it('rejects a document that does not match an explicit format', () => {
    expect(errorOf(() => parseSeed('{"a":"1"}', { format: 'bulk', now: NOW }))).toBe(
      `[kvdev] Seed is an object, expected a JSON array of records. ${EXPECTED}`,
    )
    expect(errorOf(() => parseSeed('[]', { format: 'object', now: NOW }))).toBe(
      `[kvdev] Seed is an array, expected a JSON object of keys to values. ${EXPECTED}`,
    )
  })
})

describe('parseSeed: invalid json', () => {
  const HINT = 'JSON allows no comments, trailing commas or single quotes.'

  it('names the line and column of a trailing comma', () => {
    const text = '{\n  "a": "1",\n}\n'
    expect(errorOf(() => parseSeed(text, { file: FILE, now: NOW }))).toBe(
      `[kvdev] seeds/kv.json, line 3, column 1: Invalid JSON: unexpected character "}". ${HINT}`,
    )
  })

  it('names the position of an unexpected token inside a line', () => {
    expect(errorOf(() => parseSeed('[{"key": x}]', { file: FILE, now: NOW }))).toBe(
      `[kvdev] seeds/kv.json, line 1, column 10: Invalid JSON: unexpected character "x". ${HINT}`,
    )
  })

  it('reports an unterminated string and a truncated document', () => {
    expect(errorOf(() => parseSeed('{"a": "1', { now: NOW }))).toBe(
      `[kvdev] line 1, column 7: Invalid JSON: unterminated string. ${HINT}`,
    )
    expect(errorOf(() => parseSeed('[\n{"key":"a","value":"1"}', { now: NOW }))).toBe(
      `[kvdev] line 2, column 24: Invalid JSON: unexpected end of input. ${HINT}`,
    )
  })

  it('reports bad escapes, control characters and numbers', () => {
    expect(errorOf(() => parseSeed('{"a": "\\q"}', { now: NOW }))).toBe(
      `[kvdev] line 1, column 8: Invalid JSON: invalid escape "\\\\q". ${HINT}`,
    )
    expect(errorOf(() => parseSeed('{"a": "x\ty"}', { now: NOW }))).toBe(
      `[kvdev] line 1, column 9: Invalid JSON: control character "\\t" in string. ${HINT}`,
    )
    expect(errorOf(() => parseSeed('{"a": -x}', { now: NOW }))).toBe(
      `[kvdev] line 1, column 7: Invalid JSON: invalid number. ${HINT}`,
    )
  })

  it('names the ndjson line and column of a broken line', () => {
    const text = '{"key":"a","value":"1"}\n\n{"key":"b","value":2,}\n'
    expect(errorOf(() => parseSeed(text, { file: 'kv.ndjson', now: NOW }))).toBe(
      `[kvdev] kv.ndjson, line 3, column 22: Invalid JSON: unexpected character "}". ${HINT}`,
    )
  })
})
