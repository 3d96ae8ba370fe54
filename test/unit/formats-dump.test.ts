import { describe, expect, it } from 'vitest'
import { KvdevError } from '../../src/errors'
import {
  createDumpWriter,
  csvCell,
  type DumpFormat,
  formatDump,
  getValueInfo,
  parseSeed,
  streamDump,
} from '../../src/formats'
import type { KvRecord } from '../../src/types/records'

const NOW = 1_700_000_000
const BYTES = Uint8Array.from({ length: 256 }, (_, i) => 255 - i)

const RECORDS: KvRecord[] = [
  { key: 'user:1', value: '{"name":"Ada"}', metadata: { email: 'ada@example.com', name: 'Ada' } },
  { key: 'bin', value: Buffer.from(BYTES).toString('base64'), base64: true },
  { key: 'temp', value: 'soon gone', expiration: NOW + 3600 },
  { key: 'ttl', value: 'x', expiration_ttl: 120 },
  { key: 'line\nbreak "quoted", 😀', value: 'multi\nline' },
  {
    key: '__proto__',
    value: 'proto',
    metadata: JSON.parse('{"__proto__":{"x":1},"constructor":"c"}'),
  },
  { key: '=1+1', value: '' },
]

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = []
  for await (const chunk of chunks) out.push(chunk)
  return out
}

describe('createDumpWriter', () => {
  it("writes json as wrangler's bulk array, one record per line", () => {
    const text = formatDump(
      [
        { key: 'a', value: '1' },
        { metadata: { m: 1 }, expiration: NOW + 60, base64: false, value: '2', key: 'b' },
      ],
      'json',
    )
    expect(text).toBe(
      '[\n  {"key":"a","value":"1"},\n  {"key":"b","value":"2","expiration":1700000060,"metadata":{"m":1}}\n]\n',
    )
  })

  it('writes an empty json dump as an empty array', () => {
    expect(formatDump([], 'json')).toBe('[\n]\n')
    expect(JSON.parse(formatDump([], 'json'))).toStrictEqual([])
  })

  it('writes ndjson as one record per line', () => {
    expect(formatDump(RECORDS.slice(0, 2), 'ndjson')).toBe(
      `{"key":"user:1","value":"{\\"name\\":\\"Ada\\"}","metadata":{"email":"ada@example.com","name":"Ada"}}\n{"key":"bin","value":"${RECORDS[1]!.value}","base64":true}\n`,
    )
    expect(formatDump([], 'ndjson')).toBe('')
  })

  it('names a content type and a file extension for each format', () => {
    const described = (['json', 'ndjson', 'csv'] as const).map((format) => {
      const { contentType, extension } = createDumpWriter(format)
      return [contentType, extension]
    })
    expect(described).toStrictEqual([
      ['application/json; charset=utf-8', 'json'],
      ['application/x-ndjson; charset=utf-8', 'ndjson'],
      ['text/csv; charset=utf-8; header=present', 'csv'],
    ])
  })

  it('rejects an unknown format', () => {
    const run = () => createDumpWriter('xml' as DumpFormat)
    expect(run).toThrow(KvdevError)
    expect(run).toThrow('[kvdev] Invalid dump format: "xml". Use json, ndjson, csv.')
  })

  it('starts each writer afresh', () => {
    const first = createDumpWriter('json')
    first.record({ key: 'a', value: '1' })
    const second = createDumpWriter('json')
    expect(second.record({ key: 'b', value: '2' })).toBe('  {"key":"b","value":"2"}')
    expect(second.footer()).toBe('\n]\n')
  })
})

describe('dump round trip', () => {
  for (const [format, file] of [
    ['json', 'dump.json'],
    ['ndjson', 'dump.ndjson'],
    ['ndjson', undefined],
  ] as const) {
    it(`reads a ${format} dump back into identical records (file: ${file ?? 'none'})`, () => {
      const parsed = parseSeed(formatDump(RECORDS, format), { file, now: NOW })
      expect(parsed).toStrictEqual(RECORDS)
      const proto = parsed.find((record) => record.key === '__proto__')!
      expect(Object.hasOwn(proto.metadata as object, '__proto__')).toBe(true)
      const bin = parsed.find((record) => record.key === 'bin')!
      expect(new Uint8Array(Buffer.from(bin.value, 'base64'))).toStrictEqual(BYTES)
    })
  }

  it('reads back a one-record ndjson dump saved with its extension', () => {
    const records = [RECORDS[0]!]
    const writer = createDumpWriter('ndjson')
    const text = formatDump(records, 'ndjson')
    expect(parseSeed(text, { file: `kv.${writer.extension}`, now: NOW })).toStrictEqual(records)
  })

  it('leaves formula-like keys unchanged outside csv', () => {
    for (const format of ['json', 'ndjson'] as const) {
      expect(formatDump([{ key: '=1+1', value: '@x' }], format)).toContain(
        '{"key":"=1+1","value":"@x"}',
      )
    }
  })
})

describe('csv dump', () => {
  it('writes the header and one row per record with size, type, expiry and metadata', () => {
    const text = formatDump(RECORDS.slice(0, 4), 'csv')
    expect(text.split('\r\n')).toStrictEqual([
      'key,size,type,expiration,metadata,sub,email,name,base64,value',
      'user:1,14,json,,"{""email"":""ada@example.com"",""name"":""Ada""}",,ada@example.com,Ada,false,"{""name"":""Ada""}"',
      `bin,256,binary,,,,,,true,${RECORDS[1]!.value}`,
      'temp,9,text,2023-11-14T23:13:20.000Z,,,,,false,soon gone',
      'ttl,1,text,,,,,,false,x',
      '',
    ])
  })

  it('classifies base64 values by their decoded bytes', () => {
    const text = (value: string) => ({
      key: 'k',
      value: Buffer.from(value).toString('base64'),
      base64: true,
    })
    expect(getValueInfo(text('{"a":1}'))).toStrictEqual({ size: 7, type: 'json' })
    expect(getValueInfo(text('héllo'))).toStrictEqual({ size: 6, type: 'text' })
    expect(
      getValueInfo({ value: Buffer.from([0xff, 0xfe]).toString('base64'), base64: true }),
    ).toStrictEqual({
      size: 2,
      type: 'binary',
    })
    expect(getValueInfo({ value: '😀' })).toStrictEqual({ size: 4, type: 'text' })
  })

  it('takes email and name only from string fields of an object', () => {
    const rows = formatDump(
      [
        { key: 'a', value: '1', metadata: { email: 42, name: ['x'] } },
        { key: 'b', value: '1', metadata: ['ada@example.com'] },
        { key: 'c', value: '1', metadata: 'name' },
        { key: 'd', value: '1', metadata: null },
      ],
      'csv',
    ).split('\r\n')
    expect(rows.slice(1, 5)).toStrictEqual([
      'a,1,json,,"{""email"":42,""name"":[""x""]}",,,,false,1',
      'b,1,json,,"[""ada@example.com""]",,,,false,1',
      'c,1,json,,"""name""",,,,false,1',
      'd,1,json,,null,,,,false,1',
    ])
  })

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const rows = formatDump(
      [
        { key: '=SUM(A1:A2)', value: 'v' },
        { key: '+1', value: 'v' },
        { key: '-1', value: 'v' },
        { key: '@cmd', value: 'v' },
        { key: '\tx', value: 'v' },
        { key: 'x', value: 'v', metadata: { name: '=HYPERLINK("http://evil")', email: '@e' } },
        { key: 'a=b', value: 'v', metadata: -5 },
      ],
      'csv',
    ).split('\r\n')
    expect(rows.slice(1, 8)).toStrictEqual([
      "'=SUM(A1:A2),1,text,,,,,,false,v",
      "'+1,1,text,,,,,,false,v",
      "'-1,1,text,,,,,,false,v",
      "'@cmd,1,text,,,,,,false,v",
      "'\tx,1,text,,,,,,false,v",
      `x,1,text,,"{""name"":""=HYPERLINK(\\""http://evil\\"")"",""email"":""@e""}",,'@e,"'=HYPERLINK(""http://evil"")",false,v`,
      "a=b,1,text,,'-5,,,,false,v",
    ])
  })

  it('neutralises formulas after leading spaces and line breaks (issue 11)', () => {
    expect(csvCell(' =1+1')).toBe(`' =1+1`)
    expect(csvCell('   @SUM(A1)')).toBe(`'   @SUM(A1)`)
    expect(csvCell('\n=1')).toBe(`"'\n=1"`)
    expect(csvCell('\r\n+1')).toBe(`"'\r\n+1"`)
    expect(csvCell(' \t-2')).toBe(`' \t-2`)
    expect(csvCell('\u00a0=1')).toBe(`'\u00a0=1`)
    expect(csvCell(' \r')).toBe(`"' \r"`)
    expect(csvCell('  hello = world')).toBe('  hello = world')
    expect(csvCell(' ')).toBe(' ')
  })

  it('holds each value: text as is, binary as base64 (issue 12)', () => {
    const rows = formatDump(
      [
        { key: 'text', value: 'héllo, "world"\n' },
        { key: 'bin', value: Buffer.from([0, 255, 1]).toString('base64'), base64: true },
        { key: 'formula', value: ' =cmd' },
        {
          key: 'user:u1:state',
          value: '{}',
          metadata: { sub: 'u1', email: 'ada@example.com', name: 'Ada' },
        },
      ],
      'csv',
    ).split('\r\n')
    expect(rows).toStrictEqual([
      'key,size,type,expiration,metadata,sub,email,name,base64,value',
      'text,16,text,,,,,,false,"héllo, ""world""\n"',
      'bin,3,binary,,,,,,true,AP8B',
      "formula,5,text,,,,,,false,' =cmd",
      'user:u1:state,2,json,,"{""sub"":""u1"",""email"":""ada@example.com"",""name"":""Ada""}",u1,ada@example.com,Ada,false,{}',
      '',
    ])
  })

  it('fills sub from a user:<sub>: key when the metadata has none (issue 20)', () => {
    const rows = formatDump(
      [
        { key: 'user:ada-sub:state', value: '{}', metadata: { name: 'Ada' } },
        { key: 'user:ada-sub:save', value: '{}', metadata: { sub: 'from-metadata' } },
        { key: 'user:no-colon', value: '{}' },
        { key: 'user::empty', value: '{}' },
      ],
      'csv',
    ).split('\r\n')
    expect(rows.slice(1, 5).map((row) => row.split(',')[5])).toStrictEqual([
      'ada-sub',
      'from-metadata',
      '',
      '',
    ])
  })

  it('quotes commas, quotes and line breaks per rfc 4180', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"')
    expect(csvCell('\rstart')).toBe(`"'\rstart"`)
    expect(csvCell('plain')).toBe('plain')
    expect(formatDump([RECORDS[4]!], 'csv')).toBe(
      'key,size,type,expiration,metadata,sub,email,name,base64,value\r\n"line\nbreak ""quoted"", 😀",10,text,,,,,,false,"multi\nline"\r\n',
    )
  })
})

describe('streamDump', () => {
  it('yields the header, one chunk per non-empty page and the footer', async () => {
    async function* pages() {
      yield RECORDS.slice(0, 2)
      yield []
      yield RECORDS.slice(2)
    }
    for (const format of ['json', 'ndjson', 'csv'] as const) {
      const chunks = await collect(streamDump(pages(), format))
      expect(chunks.join('')).toBe(formatDump(RECORDS, format))
      expect(chunks).toHaveLength(format === 'ndjson' ? 2 : format === 'csv' ? 3 : 4)
    }
  })

  it('streams an empty store as a valid document', async () => {
    expect((await collect(streamDump([], 'json'))).join('')).toBe('[\n]\n')
    expect(await collect(streamDump([[]], 'ndjson'))).toStrictEqual([])
  })
})
