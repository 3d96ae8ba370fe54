import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKvRuntime, type KVNamespace, type KvRuntime } from '../../src'
import { plain } from '../contract/kv-differential'

const BOM = new Uint8Array([0xef, 0xbb, 0xbf, 0x31])

/** An outcome as data: the value (buffers as hex) or the error's name and message. */
async function outcome(work: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await plain(await work()) }
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` }
  }
}

/**
 * Issue 19: the cases the differential fuzzer found, each run on kvdev's files path, kvdev's
 * workerd path and Miniflare's own binding, which must answer alike.
 */
describe('binding exactness (issue 19)', () => {
  let root: string
  let files: KvRuntime
  let memory: KvRuntime
  let mf: Miniflare
  let reference: KVNamespace
  const paths = () =>
    [
      ['files', files],
      ['workerd', memory],
    ] as const

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-exact-'))
    ;[files, memory, mf] = await Promise.all([
      createKvRuntime({ root, bindings: ['KV'] }),
      createKvRuntime({ persist: false, bindings: ['KV'] }),
      new Miniflare({
        modules: true,
        script: 'export default {}',
        kvNamespaces: ['KV'],
        cf: false,
      }),
    ])
    reference = (await mf.getKVNamespace('KV')) as unknown as KVNamespace
    await files.env.KV!.put('created', '1')
  })
  afterAll(async () => {
    await Promise.all([files?.dispose(), memory?.dispose(), mf?.dispose()])
    rmSync(root, { recursive: true, force: true })
  })
  beforeEach(async () => {
    await Promise.all([files.store().clear(), memory.store().clear()])
    for (const { name } of (await reference.list()).keys) await reference.delete(name)
  })

  /** Runs `scenario` on every backend and expects kvdev's two paths to answer as Miniflare. */
  async function alike(scenario: (kv: KVNamespace) => Promise<unknown>) {
    const expected = await outcome(() => scenario(reference))
    for (const [name, runtime] of paths()) {
      expect(await outcome(() => scenario(runtime.env.KV!)), name).toEqual(expected)
    }
    return expected
  }

  it('keeps a key starting with U+FEFF apart from the key without it', async () => {
    const listed = await alike(async (kv) => {
      await kv.put('\uFEFFa', '1')
      await kv.put('a', '2')
      return [await kv.list(), await kv.list({ prefix: '\uFEFF' }), await kv.get('\uFEFFa')]
    })
    expect(JSON.stringify(listed)).toContain('\uFEFFa')
    for (const [name, runtime] of paths()) {
      const dumped = []
      for await (const page of runtime.store().dump()) dumped.push(...page)
      expect(
        dumped.map((r) => [r.key, r.value]),
        name,
      ).toEqual([
        ['a', '2'],
        ['\uFEFFa', '1'],
      ])
      // It once never returned on the files: each page deleted the wrong key.
      expect(await runtime.store().clear(), name).toBe(2)
    }
  })

  it('refuses expiration and expirationTtl past 32 bits, and null, as the binding does', async () => {
    for (const options of [
      { expiration: 2 ** 31 },
      { expiration: Number.MAX_SAFE_INTEGER },
      { expirationTtl: 2 ** 31 },
      { expiration: null },
      { expirationTtl: null },
    ]) {
      const refused = await alike((kv) => kv.put('t', 'v', options as never))
      expect(refused, JSON.stringify(options)).toHaveProperty('error')
    }
    await alike(async (kv) => [await kv.get('t'), await kv.list()])
  })

  it('lists prefixes miniflare refuses or matches nothing for as it does', async () => {
    const results = await alike(async (kv) => {
      await kv.put('a\u0000b', 'x')
      return Promise.all(
        ['k'.repeat(513), 'a\u0000'].map((prefix) => outcome(() => kv.list({ prefix }))),
      )
    })
    expect(JSON.stringify(results)).toContain('414')
    // A lone surrogate is folded by Miniflare's Node proxy before the binding sees it: the files
    // answer as the binding inside workerd does (kvdev's workerd path is that binding).
    const lone = ['a\uD800', `${'a'.repeat(510)}\uD800`]
    const [onFiles, onWorkerd] = await Promise.all(
      paths().map(([, runtime]) =>
        Promise.all(lone.map((prefix) => outcome(() => runtime.env.KV!.list({ prefix })))),
      ),
    )
    expect(onFiles).toEqual(onWorkerd)
    expect(JSON.stringify(onWorkerd)).toContain('414')
  })

  it('refuses to inspect a 513-byte key on both paths alike', async () => {
    for (const [name, runtime] of paths()) {
      await expect(runtime.store().inspect('k'.repeat(513)), name).rejects.toThrow(
        'KV GET failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.',
      )
    }
  })

  it('keeps a leading byte-order mark in text and fails json on it', async () => {
    const read = await alike(async (kv) => {
      await kv.put('bom', BOM)
      return [
        await kv.get('bom'),
        await kv.getWithMetadata('bom', 'text'),
        await outcome(() => kv.get('bom', 'json')),
      ]
    })
    expect(JSON.stringify(read)).toContain('\uFEFF1')
    expect(JSON.stringify(read)).toContain('SyntaxError')
  })

  it('throws unknown response type for a get type that is not one', async () => {
    for (const type of [123, true, 0, false, { type: null }, 'foo']) {
      const thrown = await alike(async (kv) => {
        await kv.put('k', 'v')
        return kv.get('k', type as never)
      })
      expect(JSON.stringify(thrown), JSON.stringify(type)).toContain('Unknown response type')
    }
  })

  it('stores undefined and NaN as their strings and refuses a put without a value', async () => {
    const stored = await alike(async (kv) => {
      await kv.put('u', undefined as never)
      await kv.put('n', Number.NaN as never)
      return [await kv.get('u'), await kv.get('n')]
    })
    expect(stored).toEqual({ ok: ['undefined', 'NaN'] })
    const refused = await alike((kv) => (kv.put as (key: string) => Promise<void>)('k'))
    expect(refused).toHaveProperty('error')
  })

  it('hands each read its own metadata', async () => {
    for (const [name, runtime] of paths()) {
      const kv = runtime.env.KV!
      await kv.put('m', 'v', { metadata: { n: 1 } })
      const first = await kv.getWithMetadata<{ n: number }>('m')
      first.metadata!.n = 2
      expect((await kv.getWithMetadata('m')).metadata, name).toEqual({ n: 1 })
    }
  })

  it('dumps, lists and counts a value with a leading byte-order mark at its exact size', async () => {
    for (const [name, runtime] of paths()) {
      await runtime.env.KV!.put('bom', BOM)
      const dumped = []
      for await (const page of runtime.store().dump()) dumped.push(...page)
      expect(dumped, name).toEqual([{ key: 'bom', value: '\uFEFF1' }])
      expect((await runtime.store().list()).keys, name).toMatchObject([
        { name: 'bom', size: 4, type: 'text' },
      ])
      expect((await runtime.store().stats()).bytes, name).toBe(4)
    }
  })
})
