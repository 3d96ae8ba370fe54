import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { type KvCommand, type ModelEntry, runCommand } from './helpers/kv-model'
import { scaled } from './helpers/paths'

const SEQUENCES = scaled(2000)
const RESTART_SEQUENCES = scaled(30)
const NOW = Math.floor(Date.now() / 1000)

// Few keys, so commands collide; prefixes of each other, non-ASCII, and prototype names.
const key = fc.constantFrom(
  'a',
  'ab',
  'abc',
  'b',
  'b/c',
  'b:1',
  'é',
  'ü:1',
  '__proto__',
  'constructor',
  'toString',
)
const value = fc.string({ maxLength: 40 })
const metadata = fc.option(
  fc.oneof(
    fc.dictionary(
      fc.constantFrom('name', 'score', '__proto__', 'toString'),
      fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
    ),
    fc.string({ maxLength: 10 }),
    fc.integer(),
  ),
  { nil: undefined },
)
// Expirations at least an hour ahead, so none passes during a run: Miniflare's clock is real time.
const expiration = fc.option(fc.integer({ min: NOW + 3600, max: NOW + 86_400 * 365 }), {
  nil: undefined,
})

const commandArb = (withRestart: boolean): fc.Arbitrary<KvCommand> =>
  fc.oneof(
    fc
      .record({
        kind: fc.constant('put' as const),
        key,
        value,
        metadata,
        expiration,
        ttl: fc.option(fc.integer({ min: 60, max: 86_400 }), { nil: undefined }),
      })
      .map((c) => (c.ttl !== undefined ? { ...c, expiration: undefined } : c)),
    fc.record({ kind: fc.constant('get' as const), key }),
    fc.record({ kind: fc.constant('delete' as const), key }),
    fc.record({
      kind: fc.constant('list' as const),
      prefix: fc.constantFrom('', 'a', 'ab', 'b', 'b/', 'é', '_'),
      limit: fc.integer({ min: 1, max: 5 }),
    }),
    fc.record({
      kind: fc.constant('bulkWrite' as const),
      records: fc.uniqueArray(fc.record({ key, value, metadata, expiration }), {
        selector: (r) => r.key,
        minLength: 1,
        maxLength: 6,
      }),
    }),
    fc.record({
      kind: fc.constant('bulkDelete' as const),
      keys: fc.uniqueArray(key, { minLength: 1, maxLength: 5 }),
    }),
    ...(withRestart ? [fc.constant({ kind: 'restart' as const })] : []),
  )

/** Every sequence ends with a full listing and a read of every key, so no divergence hides. */
const finalChecks: KvCommand[] = [
  { kind: 'list', prefix: '', limit: 4 },
  ...['a', 'ab', 'abc', 'b', 'b/c', 'b:1', 'é', 'ü:1', '__proto__', 'constructor', 'toString'].map(
    (k) => ({ kind: 'get', key: k }) as KvCommand,
  ),
]

describe('model: kv binding and bulk operations against an in-memory model', () => {
  let kv: KvRuntime
  beforeAll(async () => {
    kv = await createKvRuntime({ persist: false })
  })
  afterAll(() => kv?.dispose())

  it('never diverges in values, metadata, expiration or list pages', async () => {
    let commands = 0
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb(false), { maxLength: 8 }), async (sequence) => {
        await kv.store('KV').clear()
        const model = new Map<string, ModelEntry>()
        for (const command of [...sequence, ...finalChecks]) await runCommand(command, model, kv)
        commands += sequence.length
      }),
      { numRuns: SEQUENCES },
    )
    console.info(
      `[reliability] model: ${SEQUENCES} sequences, ${commands} generated commands, 0 divergences`,
    )
  })
})

describe('model: restarts of a persisted store', () => {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('keeps every value, metadata and expiration across dispose and reopen', async () => {
    const reopen = () => createKvRuntime({ root })
    let kv = await reopen()
    try {
      await fc.assert(
        fc.asyncProperty(
          fc
            .array(commandArb(true), { maxLength: 8 })
            .map((s) => [...s, { kind: 'restart' } as KvCommand]),
          async (sequence) => {
            await kv.store('KV').clear()
            const model = new Map<string, ModelEntry>()
            for (const command of [...sequence, ...finalChecks])
              kv = await runCommand(command, model, kv, reopen)
          },
        ),
        { numRuns: RESTART_SEQUENCES },
      )
    } finally {
      await kv.dispose()
    }
  })
})
