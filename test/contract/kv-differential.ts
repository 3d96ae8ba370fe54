import fc from 'fast-check'
import type { KVNamespace } from '../../src'

/**
 * The binding's calls as data, for the differential test: every call and option the binding
 * takes, odd keys and values included, run the same on each backend and compared.
 */

/** Keys where byte order, prefixes and decoding are easy to get wrong. */
export const KEYS = [
  'a',
  'ab',
  'a\u0000',
  'a\u0000b',
  '\uFEFF',
  '\uFEFFa',
  'a\uFEFF',
  '\uFFFF',
  '\u{10000}',
  '😀',
  'x😀y',
  '%',
  '_',
  'a%',
  'a_b',
  'user:1',
  'user:2',
  'k'.repeat(512),
  'k'.repeat(513),
  'é'.repeat(256),
  `${'é'.repeat(256)}k`,
  '',
  '.',
  '..',
  'a/b',
  // Lone surrogates: the reference runs inside a worker, since Miniflare's Node proxy folds them.
  '\uD800',
  'a\uDC00',
]

export const PREFIXES = [
  ...KEYS.filter((k) => k.length < 20),
  'u',
  'user:',
  '\uFEFF',
  'a\u0000',
  'é',
  'k'.repeat(513),
  'k'.repeat(511),
]

/** A value to put, made fresh for each backend (a stream is read once). */
export const VALUES: Record<string, () => unknown> = {
  empty: () => '',
  text: () => 'v',
  json: () => '{"a":1}',
  bomText: () => '\uFEFF1',
  bomBytes: () => new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  unicode: () => 'é😀\u0000',
  invalidUtf8: () => new Uint8Array([0xff, 0xfe, 0x00, 0xc3]),
  arrayBuffer: () => new Uint8Array([1, 2, 3]).buffer,
  dataView: () => new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2),
  stream: () => new Blob(['streamed']).stream(),
  number: () => 123,
  boolean: () => true,
  null: () => null,
  nan: () => Number.NaN,
  undefined: () => undefined,
  object: () => ({ a: 1 }),
}
/** Several MiB, put rarely: the value that crosses a frame and the cache's admission. */
const LARGE: Record<string, () => unknown> = {
  large: () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 7)
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i & 0xff
    return bytes
  },
  largeText: () => `\uFEFF${'t'.repeat(2 * 1024 * 1024)}`,
}
const ALL_VALUES = { ...VALUES, ...LARGE }

// A time is `{ in: seconds }`, relative to the run's clock and resolved when the call is made.
const metadata = fc.constantFrom<unknown>(
  { m: 1 },
  'str',
  null,
  undefined,
  0,
  { nested: { a: [1, 'b'] } },
  'x'.repeat(1023),
  'x'.repeat(1022),
)
const expiration = fc.constantFrom<unknown>(
  { in: 3600 },
  { in: 7200 },
  { in: 30 },
  { in: -10 },
  2 ** 31,
  2 ** 31 - 1,
  null,
  Number.NaN,
  '123',
  1.5,
  -1,
  0,
  Number.MAX_SAFE_INTEGER,
)
const expirationTtl = fc.constantFrom<unknown>(
  60,
  3600,
  59,
  0,
  -1,
  null,
  Number.NaN,
  '100',
  60.5,
  2 ** 31,
  -(2 ** 31) - 1,
  Number.POSITIVE_INFINITY,
)
const putOptions = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.record({ metadata }) },
  { weight: 2, arbitrary: fc.record({ expiration }, { requiredKeys: ['expiration'] }) },
  { weight: 2, arbitrary: fc.record({ expirationTtl }, { requiredKeys: ['expirationTtl'] }) },
  { weight: 1, arbitrary: fc.record({ metadata, expiration, expirationTtl }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(5, 'x', {}, null) },
)
const getOptions = fc.constantFrom<unknown>(
  undefined,
  'text',
  'json',
  'arrayBuffer',
  'stream',
  { type: 'json' },
  { type: 'arrayBuffer' },
  { type: 'text', cacheTtl: 60 },
  { cacheTtl: 29 },
  { cacheTtl: 30 },
  123,
  true,
  0,
  false,
  { type: null },
  { type: undefined },
  'foo',
  null,
  {},
)
const bulkOptions = fc.constantFrom<unknown>(
  undefined,
  'text',
  'json',
  'arrayBuffer',
  { type: 'json' },
  { type: 'text', cacheTtl: 60 },
  { cacheTtl: 10 },
)
const listOptions = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      prefix: fc.oneof(fc.constantFrom(...PREFIXES), fc.constant(null)),
      limit: fc.constantFrom<unknown>(1, 2, 3, 1000, 0, 1001, 2.5, '2', undefined),
      cursor: fc.constantFrom<unknown>('last', 'last', 'garbage!', 'YQ==', null, undefined),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom<unknown>(5, 'x'),
)
const key = fc.constantFrom(...KEYS)
const valueName = fc.oneof(
  { weight: 2000, arbitrary: fc.constantFrom(...Object.keys(VALUES)) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.keys(LARGE)) },
)

export type Call =
  | { op: 'get' | 'getWithMetadata'; key: string; options: unknown }
  | { op: 'getBulk' | 'getBulkWithMetadata'; keys: string[]; options: unknown }
  | { op: 'put'; key: string; value: string; options: unknown; arity?: 1 }
  | { op: 'delete'; key: string }
  | { op: 'list'; options: unknown }

export const call: fc.Arbitrary<Call> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('get' as const), key, options: getOptions }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('getWithMetadata' as const), key, options: getOptions }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('getBulk' as const, 'getBulkWithMetadata' as const),
      keys: fc.oneof(
        { weight: 20, arbitrary: fc.uniqueArray(key, { minLength: 1, maxLength: 5 }) },
        { weight: 1, arbitrary: fc.constant([] as string[]) },
        { weight: 1, arbitrary: fc.constant(Array.from({ length: 101 }, (_, i) => `b${i}`)) },
      ),
      options: bulkOptions,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('put' as const),
      key,
      value: valueName,
      options: putOptions,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('put' as const),
      key,
      value: fc.constant('text'),
      options: fc.constant(undefined),
      arity: fc.constant(1 as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('list' as const), options: listOptions }) },
)

/**
 * The functions below also run inside the reference worker (their source is copied into it):
 * each uses only globals and the others by name.
 */

/** Resolves times (`{ in: seconds }`) against `now` and the `last` cursor against the backend's own. */
export function resolveOptions(options: unknown, now: number, lastCursor: string | undefined) {
  if (options === null || typeof options !== 'object') return options
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(options)) {
    if (typeof value === 'object' && value !== null && 'in' in value) {
      out[name] = now + (value as { in: number }).in
    } else if (name === 'cursor' && value === 'last') out[name] = lastCursor
    else out[name] = value
  }
  return out
}

/** A result as plain data: buffers and streams as hex, maps as entries. */
export async function plain(value: unknown): Promise<unknown> {
  const hex = (bytes: ArrayBuffer) =>
    Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')
  const tag = Object.prototype.toString.call(value)
  if (value === null || typeof value !== 'object') return value
  if (tag === '[object ArrayBuffer]') return { bytes: hex(value as ArrayBuffer) }
  if (typeof (value as ReadableStream).getReader === 'function') {
    return { stream: hex(await new Response(value as ReadableStream).arrayBuffer()) }
  }
  if (tag === '[object Map]') {
    const entries = [...(value as Map<string, unknown>).entries()]
    return { map: await Promise.all(entries.map(async ([k, v]) => [k, await plain(v)])) }
  }
  if (Array.isArray(value)) return Promise.all(value.map(plain))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = await plain(v)
  return out
}

/** One backend's state across a sequence: the last list cursor it returned. */
export interface Backend {
  readonly kv: KVNamespace
  lastCursor?: string
}

/** Runs one call on a backend and returns its outcome as plain data. */
export async function run(
  backend: Backend,
  c: Call,
  now: number,
  values: Record<string, () => unknown>,
): Promise<unknown> {
  const kv = backend.kv as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  try {
    let result: unknown
    if (c.op === 'get' || c.op === 'getWithMetadata') result = await kv[c.op]!(c.key, c.options)
    else if (c.op === 'getBulk') result = await kv.get!(c.keys, c.options)
    else if (c.op === 'getBulkWithMetadata') result = await kv.getWithMetadata!(c.keys, c.options)
    else if (c.op === 'put' && c.arity === 1) result = await kv.put!(c.key)
    else if (c.op === 'put') {
      result = await kv.put!(c.key, values[c.value]!(), resolveOptions(c.options, now, undefined))
    } else if (c.op === 'delete') result = await kv.delete!(c.key)
    else {
      const options = resolveOptions(c.options, now, backend.lastCursor)
      const page = (await kv.list!(options)) as { cursor?: string }
      backend.lastCursor = page.cursor
      result = page
    }
    return { ok: await plain(result) }
  } catch (error) {
    const { name, message } = error as Error
    return { error: `${name}: ${message}` }
  }
}

/** undefined, NaN and the infinities as JSON, for calls sent to the reference worker. */
export function toWire(_: string, value: unknown): unknown {
  if (value === undefined) return { $: 'undefined' }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $: String(value) }
  return value
}
export function fromWire(_: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('$' in value)) return value
  const tag = (value as { $: string }).$
  return tag === 'undefined' ? undefined : Number(tag)
}

/**
 * The reference: Miniflare's own binding, called inside a worker (its Node proxy folds lone
 * surrogates and fails on some errors), running the same `run` on each call posted to it.
 */
export function getReferenceWorker(): string {
  const values = Object.entries(ALL_VALUES)
    .map(([name, make]) => `${JSON.stringify(name)}: ${make.toString()}`)
    .join(',\n')
  return `
const __name = (f) => f
const VALUES = {${values}}
${resolveOptions.toString()}
${plain.toString()}
${run.toString()}
${toWire.toString()}
${fromWire.toString()}
export default {
  async fetch(request, env) {
    // A whole sequence per request: one round trip from Node instead of one a call.
    const { calls, now } = JSON.parse(await request.text(), fromWire)
    const backend = { kv: env.KV }
    const outcomes = []
    for (const call of calls) outcomes.push(await run(backend, call, now, VALUES))
    return new Response(JSON.stringify(outcomes, toWire))
  },
}
`
}

/** Every value by name, the large ones included. */
export const ALL = ALL_VALUES

/**
 * The first difference between two outcomes, or undefined. An `expiration` may differ by the
 * time between the backends' runs of a sequence (a TTL is added to each one's own clock); an
 * absolute `expiration` is the same on each, and a unit error would be off by far more.
 */
const CLOCK_SLACK_SECONDS = 30

export function difference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined
  if (path.endsWith('.expiration') && typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= CLOCK_SLACK_SECONDS ? undefined : `${path}: ${a} ≠ ${b}`
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path || '.'}: ${show(a)} ≠ ${show(b)}`
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const k of keys) {
    const found = difference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      `${path}.${k}`,
    )
    if (found) return found
  }
  return undefined
}

/** A value for a message, long runs of one character shortened (`k×512`). */
export function show(value: unknown): string {
  const text = JSON.stringify(value, toWire) ?? String(value)
  return text.replace(/(.)\1{15,}/gu, (run, char: string) => `${char}×${Array.from(run).length}`)
}
