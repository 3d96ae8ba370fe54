import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, runKvdev } from './helpers'

describe('kvdev cli, direct on the local store', { timeout: 180_000 }, () => {
  const project = createProject()
  const root = project.root
  const kv = (...args: string[]) => runKvdev(root, args)
  afterAll(() => project.cleanup())

  beforeAll(async () => {
    const ada = JSON.stringify({ name: 'Ada Lovelace', email: 'ada@school.edu' })
    expect((await kv('set', 'user:ada:state', '{"score":100}', '--metadata', ada)).code).toBe(0)
    expect((await kv('set', 'session:abc', 'token-1', '--ttl', '3600')).code).toBe(0)
    expect((await kv('set', 'config:flags', '{"beta":true}')).code).toBe(0)
  }, 120_000)

  it('ignores a server.json left by a process that is gone', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    mkdirSync(join(root, '.wrangler/state/kvdev'), { recursive: true })
    const info = { url: 'http://127.0.0.1:9', base: '/__kv', token: 'x', pid: dead, root }
    writeFileSync(join(root, '.wrangler/state/kvdev/server.json'), JSON.stringify(info))
    const result = await kv('get', 'config:flags')
    expect(result).toMatchObject({ code: 0, out: '{"beta":true}', stderr: '' })
    rmSync(join(root, '.wrangler/state/kvdev/server.json'))
  })

  it('sets a value and reports it on stderr only', async () => {
    const result = await kv('set', 'cache:x', 'hello')
    expect(result).toMatchObject({ code: 0, out: '' })
    expect(result.stderr).toBe('[kvdev] Set "cache:x" (5 B) in binding KV (local).\n')
    expect((await kv('get', 'cache:x')).out).toBe('hello')
  })

  it('gets a value as is, with no newline added when stdout is not a terminal', async () => {
    const result = await kv('get', 'user:ada:state')
    expect(result).toMatchObject({ code: 0, out: '{"score":100}', stderr: '' })
  })

  it('gets a value in a json envelope with metadata and expiration', async () => {
    const result = await kv('get', 'session:abc', '--json')
    const body = JSON.parse(result.out)
    expect(body).toMatchObject({ key: 'session:abc', value: 'token-1', metadata: null })
    expect(body.expiration).toBeGreaterThan(Date.now() / 1000 + 3500)
    expect(body.base64).toBeUndefined()
  })

  it('exits 1 for a missing key with the exact message', async () => {
    const result = await kv('get', 'user:nobody')
    expect(result).toMatchObject({ code: 1, out: '' })
    expect(result.stderr).toBe('[kvdev] Key not found: "user:nobody" in binding KV.\n')
    expect((await kv('inspect', 'user:nobody')).code).toBe(1)
    expect((await kv('delete', 'user:nobody')).code).toBe(1)
  })

  it('reads a value from stdin and from a file, binary safe', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13, 0x80])
    writeFileSync(join(root, 'blob.bin'), bytes)
    expect((await kv('set', 'blob:file', '--file', 'blob.bin')).code).toBe(0)
    expect((await runKvdev(root, ['set', 'blob:stdin', '-'], { input: bytes })).code).toBe(0)
    for (const key of ['blob:file', 'blob:stdin']) {
      const raw = await kv('get', key, '--raw')
      expect(Buffer.compare(raw.stdout, bytes)).toBe(0)
      const json = JSON.parse((await kv('get', key, '--json')).out)
      expect(json).toMatchObject({ key, value: bytes.toString('base64'), base64: true })
    }
  })

  it('refuses invalid metadata json as a usage error naming the value', async () => {
    const result = await kv('set', 'k', 'v', '--metadata', '{name: Ada}')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Invalid --metadata: "{name: Ada}" is not JSON')
  })

  it('refuses bad flags, ttls and missing arguments with exit 2', async () => {
    expect((await kv('get')).code).toBe(2)
    expect((await kv('list', '--bogus')).stderr).toContain("Unknown option '--bogus'")
    expect((await kv('list', '--bogus')).code).toBe(2)
    const ttl = await kv('set', 'k', 'v', '--ttl', '30')
    expect(ttl.code).toBe(2)
    expect(ttl.stderr).toContain('Invalid --ttl: "30"')
    expect((await kv('frobnicate')).code).toBe(2)
    expect((await kv('list', '--binding', 'NOPE')).code).toBe(2)
  })

  it('lists every key, one per line when piped', async () => {
    const result = await kv('list')
    expect(result.code).toBe(0)
    expect(result.out.split('\n')).toEqual(
      expect.arrayContaining(['user:ada:state', 'session:abc', 'config:flags']),
    )
    expect(result.out.endsWith('\n')).toBe(true)
  })

  it('lists in a stable json schema with identity metadata', async () => {
    const body = JSON.parse((await kv('list', '--prefix', 'user:', '--json')).out)
    expect(body).toEqual({
      keys: [
        { name: 'user:ada:state', metadata: { name: 'Ada Lovelace', email: 'ada@school.edu' } },
      ],
      list_complete: true,
    })
  })

  it('says on stderr that more keys exist when --limit stops the listing, with the cursor', async () => {
    const result = await kv('list', '--limit', '2')
    expect(result.out.trim().split('\n')).toHaveLength(2)
    const cursor = /--cursor (\S+)/.exec(result.stderr)?.[1]
    expect(cursor).toBeDefined()
    const rest = await kv('list', '--cursor', cursor!)
    const all = (await kv('list')).out
    expect(result.out + rest.out).toBe(all)
    const json = JSON.parse((await kv('list', '--limit', '2', '--json')).out)
    expect(json).toMatchObject({ list_complete: false, cursor })
  })

  it('inspects size, type, metadata, expiration and a preview', async () => {
    const text = (await kv('inspect', 'session:abc')).out
    expect(text).toMatch(/Size\s+7 B/)
    expect(text).toMatch(/Type\s+text/)
    expect(text).toMatch(/Expiration\s+\d{4}-\d\d-\d\dT.*\(in (\d+m|1h)/)
    expect(text).toContain('token-1')
    const json = JSON.parse((await kv('inspect', 'user:ada:state', '--json')).out)
    expect(json).toMatchObject({
      name: 'user:ada:state',
      size: 13,
      type: 'json',
      preview: '{"score":100}',
      truncated: false,
    })
    expect(json.metadata).toEqual({ name: 'Ada Lovelace', email: 'ada@school.edu' })
  })

  it('shows stats by prefix', async () => {
    const stats = JSON.parse((await kv('stats', '--json')).out)
    expect(stats.keys).toBe((await kv('list')).out.trim().split('\n').length)
    expect(stats.prefixes).toEqual(
      expect.arrayContaining([{ prefix: 'user:', keys: 1, bytes: 13 }]),
    )
    expect((await kv('stats')).out).toMatch(/Keys\s+\d+/)
  })

  it('works on another binding with --binding', async () => {
    expect((await kv('set', 'only-cache', '1', '--binding', 'CACHE')).code).toBe(0)
    expect((await kv('list', '--binding', 'CACHE')).out).toBe('only-cache\n')
    expect((await kv('get', 'only-cache')).code).toBe(1)
  })

  it('refuses destructive commands without a terminal or --force, changing nothing', async () => {
    const before = (await kv('list')).out
    for (const args of [
      ['clear'],
      ['delete', '--prefix', 'user:'],
      ['seed', 'seed.json', '--replace'],
    ]) {
      writeFileSync(join(root, 'seed.json'), '{"a":"1"}')
      const result = await kv(...args)
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/stdin is not a terminal.*Pass --force/)
      expect((await kv('list')).out).toBe(before)
    }
  })

  it('prints no progress bar when stderr is not a terminal', async () => {
    const records = Array.from({ length: 150 }, (_, i) => ({ key: `bulk:${i}`, value: `v${i}` }))
    writeFileSync(join(root, 'bulk.json'), JSON.stringify(records))
    const result = await kv('seed', 'bulk.json')
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('[kvdev] Seeded 150 keys from bulk.json into binding KV (local).\n')
    expect(result.stderr).not.toContain('\r')
    const cleared = await kv('clear', '--prefix', 'bulk:', '--force')
    expect(cleared.stderr).toBe(
      '[kvdev] Deleted 150 keys starting with "bulk:" from binding KV (local).\n',
    )
  })

  it('seeds with --dry-run without writing', async () => {
    writeFileSync(join(root, 'dry.json'), JSON.stringify({ 'dry:1': { a: 1 }, 'dry:2': 'two' }))
    const result = await kv('seed', 'dry.json', '--dry-run')
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/^dry:1\s+7 B\s+json/m)
    expect(result.stderr).toContain('would write 2 keys')
    expect((await kv('list', '--prefix', 'dry:')).out).toBe('')
  })

  it('exits 2 for an invalid seed file, naming it', async () => {
    writeFileSync(join(root, 'bad.json'), '{"a": 1,}')
    const result = await kv('seed', 'bad.json')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('bad.json')
  })

  it('deletes a key and every key with a prefix', async () => {
    await kv('set', 'tmp:1', 'a')
    await kv('set', 'tmp:2', 'b')
    expect((await kv('delete', 'tmp:1')).stderr).toBe(
      '[kvdev] Deleted "tmp:1" from binding KV (local).\n',
    )
    expect((await kv('rm', '--prefix', 'tmp:', '--force')).code).toBe(0)
    expect((await kv('list', '--prefix', 'tmp:')).out).toBe('')
  })

  it('dumps to a file in every format', async () => {
    for (const format of ['json', 'ndjson', 'csv']) {
      const result = await kv(
        'dump',
        '--format',
        format,
        '--out',
        `dump.${format}`,
        '--prefix',
        'user:',
      )
      expect(result).toMatchObject({ code: 0, out: '' })
      expect(readFileSync(join(root, `dump.${format}`), 'utf8')).toContain('user:ada:state')
    }
    expect(readFileSync(join(root, 'dump.csv'), 'utf8')).toContain('ada@school.edu')
    expect(readFileSync(join(root, 'dump.csv'), 'utf8')).toContain(',false,"{""score"":100}"\r\n')
    expect((await kv('dump', '--format', 'xml')).code).toBe(2)
  })

  it('clears with --dry-run printing the count, then for real with --force', async () => {
    const count = Number((await kv('clear', '--dry-run')).out)
    expect(count).toBeGreaterThan(3)
    const result = await kv('clear', '--force')
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(`[kvdev] Deleted ${count} keys from binding KV (local).\n`)
    expect((await kv('list')).out).toBe('')
    expect(existsSync(join(root, '.wrangler/state/kvdev/lock'))).toBe(false)
  })
})

describe('kvdev cli help', { timeout: 120_000 }, () => {
  it('lists every command and the exit codes', async () => {
    const result = await runKvdev(process.cwd(), ['--help'])
    expect(result.code).toBe(0)
    for (const name of [
      'list',
      'get',
      'set',
      'delete',
      'inspect',
      'stats',
      'seed',
      'clear',
      'dump',
      'dev',
    ]) {
      expect(result.out).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    }
    expect(result.out).toContain('2  usage error')
  })

  it('gives every command its own help with its options and exit codes', async () => {
    for (const [name, option] of [
      ['list', '--cursor'],
      ['set', '--metadata'],
      ['dump', '--format'],
      ['dev', '--port'],
      ['rm', '--prefix'],
    ]) {
      const result = await runKvdev(process.cwd(), [name!, '--help'])
      expect(result.code).toBe(0)
      expect(result.out).toContain(option)
      expect(result.out).toContain('--remote')
      expect(result.out).toContain('Exit codes:')
    }
  })
})
