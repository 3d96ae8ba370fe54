import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import {
  ALL,
  type Backend,
  type Call,
  call,
  difference,
  fromWire,
  getReferenceWorker,
  KEYS,
  run,
  show,
  toWire,
} from '../contract/kv-differential'
import { startReferenceKv } from '../helpers/reference-kv'

/** Sequences per run and calls per sequence: at least 20,000 calls compared three ways. */
const RUNS = Number(process.env.KVDEV_DIFFERENTIAL_RUNS ?? 100)
const CALLS = 200
/** The prefixes the admin operations are compared on (each is a walk of the store on both paths). */
/** The key-name searches compared, page by page: a substring anywhere, wildcards literal. */
const ADMIN_SEARCHES = ['a', 'b', '\u0000', '%', '_', '\uFEFF', '😀', 'é']
const ADMIN_PREFIXES = ['a', 'a\u0000', '\uFEFF', 'user:', 'é', 'k'.repeat(513), '\uD800']

/**
 * Issue 19: random sequences of every binding call, on kvdev's files path (persisted, read cache
 * on), kvdev's workerd path (in memory, read cache off) and Miniflare's own binding, must answer
 * alike, errors included; then the admin operations of kvdev's two paths must agree. Miniflare's
 * binding is called inside a worker: its Node proxy folds lone surrogates (and fails on some
 * errors), so it would be the one to differ. `KVDEV_DIFFERENTIAL_RUNS` sets the number of
 * sequences; a failure prints its seed, and `fc.assert`'s `seed` option replays it.
 */
describe('kv differential', () => {
  let root: string
  let files: KvRuntime
  let workerd: KvRuntime
  let mf: Miniflare
  /** Runs a call on Miniflare's binding inside a worker. */
  const reference = async (body: unknown) => {
    const response = await mf.dispatchFetch('http://reference/', {
      method: 'POST',
      body: JSON.stringify(body, toWire),
    })
    return JSON.parse(await response.text(), fromWire)
  }
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-differential-'))
    ;[files, workerd, mf] = await Promise.all([
      createKvRuntime({ root, bindings: ['KV'] }),
      // In memory, with no read cache: every call is a round trip to the binding inside workerd.
      createKvRuntime({ persist: false, bindings: ['KV'], readCache: false }),
      startReferenceKv(false, 'KV', getReferenceWorker()).then((reference) => reference.mf),
    ])
    // The first write creates the namespace's files; every later call may run on them.
    await files.env.KV!.put('created', '1')
    await files.env.KV!.delete('created')
  })
  afterAll(async () => {
    await Promise.all([files?.dispose(), workerd?.dispose(), mf?.dispose()])
    rmSync(root, { recursive: true, force: true })
  })

  async function clearReference() {
    for (;;) {
      const [page] = await reference({ calls: [{ op: 'list' }], now: 0 })
      const keys = page.ok.keys as { name: string }[]
      if (keys.length === 0) return
      await reference({ calls: keys.map(({ name }) => ({ op: 'delete', key: name })), now: 0 })
    }
  }

  /** The admin operations of both of kvdev's paths, which must agree. */
  async function admin(runtime: KvRuntime) {
    const store = runtime.store()
    const out: Record<string, unknown> = {}
    const attempt = async (name: string, work: () => Promise<unknown>) => {
      try {
        out[name] = await work()
      } catch (error) {
        out[name] = `${(error as Error).name}: ${(error as Error).message}`
      }
    }
    const collect = async <T>(pages: AsyncIterable<T[]>) => {
      const all: T[] = []
      for await (const page of pages) all.push(...page)
      return all
    }
    await attempt('dump', () => collect(store.dump()))
    await attempt('keys', () => collect(store.keys()))
    await attempt('list', () => store.list({ limit: 7 }))
    await attempt('stats', () => store.stats())
    await attempt('count', () => store.count())
    for (const prefix of ADMIN_PREFIXES) {
      await attempt(`list ${JSON.stringify(prefix)}`, () => store.list({ prefix }))
      await attempt(`count ${JSON.stringify(prefix)}`, () => store.count(prefix))
      await attempt(`dump ${JSON.stringify(prefix)}`, () => collect(store.dump(prefix)))
    }
    for (const search of ADMIN_SEARCHES) {
      await attempt(`search ${JSON.stringify(search)}`, async () => {
        const pages: unknown[] = []
        let cursor: string | undefined
        do {
          const page = await store.list({ search, limit: 2, cursor })
          pages.push(page.keys.map((k) => k.name))
          cursor = page.cursor
        } while (cursor && pages.length < 100)
        return pages
      })
    }
    for (const key of KEYS) {
      await attempt(`inspect ${JSON.stringify(key)}`, async () => {
        const found = await store.inspect(key)
        return found && { ...found, preview: Buffer.from(found.preview).toString('hex') }
      })
    }
    await attempt('clear', () => store.clear())
    return JSON.parse(JSON.stringify(out))
  }

  it('answers every call as miniflare does, on both paths, with the same admin view', async () => {
    let calls = 0
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: CALLS, maxLength: CALLS }), async (sequence) => {
        await Promise.all([files.store().clear(), workerd.store().clear(), clearReference()])
        const backends: Backend[] = [{ kv: files.env.KV! }, { kv: workerd.env.KV! }]
        // One clock for the sequence: times in options are relative to it.
        const now = Math.floor(Date.now() / 1000)
        const expected = await reference({ calls: sequence, now })
        for (const [i, c] of sequence.entries()) {
          const [onFiles, onWorkerd] = await Promise.all(backends.map((b) => run(b, c, now, ALL)))
          const onReference = expected[i]
          calls++
          const where = `call ${i} ${show(c)}, after ${show(sequence.slice(Math.max(0, i - 8), i))}`
          same(onFiles, onReference, `files vs miniflare, ${where}`)
          same(onWorkerd, onReference, `workerd vs miniflare, ${where}`)
        }
        const [onFiles, onWorkerd] = await Promise.all([admin(files), admin(workerd)])
        same(onFiles, onWorkerd, 'admin: files vs workerd')
      }),
      { numRuns: RUNS, endOnFailure: true, reporter: report },
    )
    expect(calls).toBeGreaterThanOrEqual(RUNS * CALLS)
  }, 900_000)
})

function same(a: unknown, b: unknown, where: string): void {
  const found = difference(a, b)
  if (found) throw new Error(`${where}: ${found}`)
}

/** A failure as its seed and the first divergence: the whole sequence would run to megabytes. */
function report(details: fc.RunDetails<[Call[]]>): void {
  if (!details.failed) return
  throw new Error(
    `Divergence (seed ${details.seed}, path ${details.counterexamplePath}): ${(details.errorInstance as Error)?.message}`,
  )
}
