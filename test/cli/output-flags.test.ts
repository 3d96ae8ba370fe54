import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, runKvdev } from './helpers'

describe('kvdev --raw and dump --out (issues 18 and 20)', { timeout: 120_000 }, () => {
  const project = createProject()
  const root = project.root
  const outside = mkdtempSync(join(tmpdir(), 'kvdev-outside-'))
  const kv = (...args: string[]) => runKvdev(root, args)
  afterAll(() => {
    project.cleanup()
    rmSync(outside, { recursive: true, force: true })
  })

  beforeAll(async () => {
    const ada = JSON.stringify({ name: 'Ada Lovelace', email: 'ada@school.edu' })
    expect((await kv('set', 'user:ada-sub:state', '{"score":1}', '--metadata', ada)).code).toBe(0)
    expect((await kv('set', 'config:flags', 'on')).code).toBe(0)
  }, 60_000)

  it('refuses --raw with exit 2 where a command has no raw output', async () => {
    for (const args of [
      ['inspect', 'config:flags'],
      ['stats'],
      ['dump'],
      ['dump', '--format', 'csv'],
    ]) {
      const result = await kv(...args, '--raw')
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.out).toBe('')
      expect(result.stderr).toBe(
        `[kvdev] Option --raw does not apply to \`kvdev ${args[0]}\`: it has no raw output (\`kvdev list\` and \`kvdev get\` have one). Drop --raw, or pass --json for machine-readable output.\n`,
      )
    }
  })

  it('documents --raw only on the commands it applies to, with what it does', async () => {
    const list = await kv('list', '--help')
    expect(list.out).toContain('--raw')
    expect(list.out).toContain('one key per line, as when piped: no table, no count')
    expect((await kv('get', '--help')).out).toContain('the value byte for byte')
    for (const name of ['inspect', 'stats', 'dump'])
      expect((await kv(name, '--help')).out).not.toContain('--raw')
  })

  it('lists one key per line with --raw', async () => {
    expect(await kv('list', '--raw')).toMatchObject({
      code: 0,
      out: 'config:flags\nuser:ada-sub:state\n',
      stderr: '',
    })
  })

  it('fills the csv sub column from a user:<sub>: key when the metadata has none', async () => {
    const result = await kv('dump', '--format', 'csv', '--prefix', 'user:')
    expect(result.code).toBe(0)
    expect(result.out.split('\r\n')[1]).toBe(
      'user:ada-sub:state,11,json,,"{""name"":""Ada Lovelace"",""email"":""ada@school.edu""}",ada-sub,ada@school.edu,Ada Lovelace,false,"{""score"":1}"',
    )
  })

  it('refuses a --out that a symlink takes out of the project', async () => {
    writeFileSync(join(outside, 'precious.txt'), 'keep me')
    symlinkSync(join(outside, 'precious.txt'), join(root, 'dump-link.json'))
    symlinkSync(join(outside, 'created.json'), join(root, 'dangling.json'))
    symlinkSync(outside, join(root, 'out-dir'))
    for (const [out, target] of [
      ['dump-link.json', join(outside, 'precious.txt')],
      ['dangling.json', join(outside, 'created.json')],
      ['out-dir/dump.json', join(outside, 'dump.json')],
    ] as const) {
      const result = await kv('dump', '--out', out)
      expect(result.code, out).toBe(2)
      expect(result.stderr).toContain(`[kvdev] Refusing to write ${out}: `)
      expect(result.stderr).toContain(`leads out of the project, to ${target}.`)
    }
    expect(readFileSync(join(outside, 'precious.txt'), 'utf8')).toBe('keep me')
    expect(existsSync(join(outside, 'created.json'))).toBe(false)
    expect(existsSync(join(outside, 'dump.json'))).toBe(false)
  })

  it('writes a --out named outside the project, or linked inside it', async () => {
    expect((await kv('dump', '--out', join(outside, 'chosen.json'))).code).toBe(0)
    expect(readFileSync(join(outside, 'chosen.json'), 'utf8')).toContain('user:ada-sub:state')
    symlinkSync(join(root, 'real.json'), join(root, 'inside-link.json'))
    expect((await kv('dump', '--out', 'inside-link.json')).code).toBe(0)
    expect(readFileSync(join(root, 'real.json'), 'utf8')).toContain('config:flags')
  })
})
