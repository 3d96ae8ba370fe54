import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRuntime } from '../../src'
import { openDiskStore } from '../../src/runtime/disk/disk-store'

/** Key names a search must match exactly: case, LIKE's wildcards, NUL, astral and accented letters. */
const KEYS = [
  'user:1:profile',
  'user:1:Profile',
  'user:2:profile',
  'user:10:save',
  'USER:3:profile',
  '100%',
  '100 percent',
  'a_b',
  'axb',
  'a\u0000b',
  'é:1',
  'e\u0301:1',
  'x😀y',
  '\uFEFFbom',
  'z',
]
const SEARCHES = [
  'profile',
  'Profile',
  'user:1',
  '%',
  '_',
  '\u0000',
  'é',
  '😀',
  ':',
  'b',
  'nowhere',
]
const PREFIXES = [undefined, 'user:', 'a']

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

/** Every key a search should find: the name holds the text, as JavaScript's `includes` says. */
const expected = (search: string, prefix = '') =>
  KEYS.filter((k) => k.startsWith(prefix) && k.includes(search)).sort(byBytes)

/** Every match through the cursor walk, `limit` at a time. */
async function walk(kv: KvRuntime, search: string, limit: number, prefix?: string) {
  const names: string[] = []
  let cursor: string | undefined
  for (let pages = 0; pages < 100; pages++) {
    const page = await kv.store().list({ search, limit, cursor, prefix })
    expect(page.keys.length).toBeLessThanOrEqual(limit)
    names.push(...page.keys.map((k) => k.name))
    if (page.list_complete) return names
    cursor = page.cursor
  }
  throw new Error(`the search for ${JSON.stringify(search)} never completed`)
}

describe('key search', () => {
  let root: string
  let files: KvRuntime
  let memory: KvRuntime
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-search-'))
    ;[files, memory] = await Promise.all([
      createKvRuntime({ root, bindings: ['KV'] }),
      createKvRuntime({ persist: false, bindings: ['KV'] }),
    ])
    const records = KEYS.map((key, i) => ({ key, value: `v${i}`, metadata: { i } }))
    await Promise.all([files.store().write(records), memory.store().write(records)])
  })
  afterAll(async () => {
    await Promise.all([files?.dispose(), memory?.dispose()])
    rmSync(root, { recursive: true, force: true })
  })

  it('finds the same keys on the files and in memory, page by page, as includes does', async () => {
    for (const search of SEARCHES) {
      for (const prefix of PREFIXES) {
        for (const limit of [1, 2, 1000]) {
          const where = `search ${JSON.stringify(search)}, prefix ${JSON.stringify(prefix)}, limit ${limit}`
          const [onFiles, inMemory] = await Promise.all([
            walk(files, search, limit, prefix),
            walk(memory, search, limit, prefix),
          ])
          expect(onFiles, where).toEqual(expected(search, prefix))
          expect(inMemory, where).toEqual(onFiles)
        }
      }
    }
  })

  it('treats % and _ as plain characters and tells upper from lower case', async () => {
    const names = async (search: string) =>
      (await files.store().list({ search })).keys.map((k) => k.name)
    expect(await names('%')).toEqual(['100%'])
    expect(await names('_')).toEqual(['a_b'])
    expect(await names('Profile')).toEqual(['user:1:Profile'])
    expect(await names('USER')).toEqual(['USER:3:profile'])
  })

  it('gives each match its size, type and metadata, as the listing does', async () => {
    const [onFiles, inMemory] = await Promise.all(
      [files, memory].map((kv) => kv.store().list({ search: '😀' })),
    )
    expect(onFiles!.keys).toEqual([{ name: 'x😀y', size: 3, type: 'text', metadata: { i: 12 } }])
    expect(inMemory!.keys).toEqual(onFiles!.keys)
  })

  it('leaves expired keys out of a search and of a count, as the binding lists them', async () => {
    const disk = openDiskStore(join(root, '.wrangler/state'), 'KV')!
    try {
      const past = Math.floor(Date.now() / 1000) - 10
      const value = new TextEncoder().encode('old')
      disk.write([
        { key: 'gone:profile', value, expiration: past },
        { key: 'user:1:gone', value, expiration: past },
      ])
      expect((await files.store().list({ search: 'gone' })).keys).toEqual([])
      expect(await files.store().count()).toBe(KEYS.length)
      expect(await files.store().count('user:')).toBe(4)
      expect(await files.store().count('gone:')).toBe(0)
    } finally {
      disk.close()
    }
  })
})
