import { describe, expect, it } from 'vitest'
import type { ParseSeedOptions } from '../../src/formats'
import { createSeedReader, parseSeed } from '../../src/formats'
import { lastWins } from '../../src/formats/parse-seed'

const NOW = 1_700_000_000

/** parseSeed's answer: its records, or its error's message. */
function whole(text: string, options: ParseSeedOptions) {
  try {
    return { records: parseSeed(text, options) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** The streaming reader's answer for the same bytes fed in pieces of `size` bytes. */
function streamed(text: string, options: ParseSeedOptions, size: number) {
  const bytes = Buffer.from(text, 'utf8')
  const reader = createSeedReader(options)
  const records = []
  try {
    for (let at = 0; at < bytes.length; at += size)
      records.push(...reader.push(bytes.subarray(at, at + size)))
    records.push(...reader.end())
    return { records: lastWins(records) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

const big = JSON.stringify(
  Array.from({ length: 50 }, (_, i) => ({
    key: `user:${i}:state`,
    value: JSON.stringify({ i, text: 'é😀"\\'.repeat(i) }),
    ...(i % 3 === 0 ? { metadata: { n: i, s: ']}{["' } } : {}),
  })),
  null,
  1,
)

// Every case of formats-seed.test.ts, and the cases only a stream meets (a record cut anywhere).
const CASES: [string, string, ParseSeedOptions?][] = [
  ['object map', '{"a":"plain text","b":{"x":1},"c":42,"d":null,"e":true,"f":[1,"2"]}'],
  [
    'bulk with every field',
    JSON.stringify(
      [
        { key: 'a', value: 'one' },
        {
          key: 'b',
          value: 'aGk=',
          base64: true,
          expiration: NOW + 3600,
          expiration_ttl: 120,
          metadata: { n: 1 },
        },
      ],
      null,
      2,
    ),
  ],
  ['a large bulk array', big],
  [
    'ndjson with crlf',
    '{"key":"a","value":"1"}\r\n\r\n  \n{"key":"b","value":"2","metadata":[1]}\r\n',
  ],
  ['one-line ndjson by name', '{"key":"a","value":"1"}\n', { file: 'dump.ndjson' }],
  ['ndjson by format', '{"key":"a","value":"1"}', { format: 'ndjson' }],
  ['one object', '{"key":"a","value":"1"}'],
  ['bom', '\uFEFF{"a":"b"}'],
  ['bom before an array', '\uFEFF [{"key":"a","value":"b"}]'],
  ['empty', ''],
  ['blank', ' \n\t'],
  ['empty object', '{}'],
  ['empty array', '[]'],
  ['empty array with space', ' [ \n ] \n'],
  [
    'duplicates in bulk',
    '[{"key":"a","value":"1"},{"key":"b","value":"2"},{"key":"a","value":"3"}]',
  ],
  [
    'duplicates in ndjson',
    '{"key":"a","value":"1"}\n{"key":"b","value":"2"}\n{"key":"a","value":"3"}\n',
  ],
  ['a number', '42'],
  ['bulk format, object text', '{"a":"1"}', { format: 'bulk' }],
  ['object format, array text', '[]', { format: 'object' }],
  ['trailing comma in an object', '{\n  "a": "1",\n}\n', { file: 'seeds/kv.json' }],
  ['trailing comma in an array', '[\n  {"key":"a","value":"1"},\n]\n', { file: 'seeds/kv.json' }],
  ['missing comma between records', '[{"key":"a","value":"1"}\n {"key":"b","value":"2"}]'],
  ['bad token inside a record', '[{"key": x}]', { file: 'seeds/kv.json' }],
  ['bad token on a later line', '[\n {"key":"a","value":"é😀"},\n {"key":"b", "value": tru}]'],
  ['unterminated string', '[{"key":"a","value":"1'],
  ['truncated array', '[\n{"key":"a","value":"1"}'],
  ['truncated after a comma', '[{"key":"a","value":"1"},'],
  ['text after the array', '[{"key":"a","value":"1"}] x'],
  ['two arrays', '[]\n[]'],
  ['control character in a record', '[{"key":"a","value":"x\ty"}]'],
  ['bad escape in a record', '[{"key":"a","value":"\\q"}]'],
  ['a bracket inside a string', '[{"key":"a]","value":"}{"}]'],
  ['an escaped quote before a bracket', '[{"key":"a\\"]","value":"\\\\"}]'],
  ['mismatched brackets', '[{"key":"a","value":"1"]]'],
  ['a scalar element', '[1, 2]'],
  ['a number element cut short', '[-]'],
  ['an invalid record', '[{"key":"","value":"1"}]', { file: 'k.json' }],
  ['an invalid record before a syntax error', '[{"key":"","value":"1"},\n{"key": x}]'],
  ['a syntax error before an invalid record', '[{"key": x},\n{"key":"","value":"1"}]'],
  ['an unknown field', '[{"key":"a","value":"1","ttl":5}]'],
  [
    'a bad ndjson line',
    '{"key":"a","value":"1"}\n\n{"key":"b","value":2,}\n',
    { file: 'kv.ndjson' },
  ],
  ['an invalid ndjson record before a bad line', '{"key":"","value":"1"}\n{"key": x}\n'],
  ['ndjson detected from the text', '{"key":"a","value":"1"}\n{"key":"b","value":"2"}'],
  ['a nbsp before an array', '\u00a0[]'],
]

describe('createSeedReader', () => {
  for (const [name, text, options] of CASES) {
    it(`answers as parseSeed does: ${name}`, () => {
      const expected = whole(text, { now: NOW, ...options })
      for (const size of [1, 2, 3, 7, 64, 1 << 20])
        expect(
          streamed(text, { now: NOW, ...options }, size),
          `pieces of ${size} bytes`,
        ).toStrictEqual(expected)
    })
  }

  it('streams a large ndjson text without the extension once its first line is a record', () => {
    const line = `${JSON.stringify({ key: 'k', value: 'v'.repeat(1000) })}\n`
    const reader = createSeedReader({ now: NOW })
    const chunk = Buffer.from(line.repeat(1024))
    let records = 0
    for (let i = 0; i < 80; i++) records += reader.push(chunk).length
    records += reader.end().length
    expect(records).toBe(80 * 1024)
  })
})
