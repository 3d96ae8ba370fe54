import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseJsonc } from '../../src/config/jsonc'
import { resolveWranglerConfig } from '../../src/config/wrangler-config'
import { parseDotenv, readDevVars } from '../../src/plugin/dev-vars'

const dirs: string[] = []
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kvdev-config-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('parseJsonc (issue 12)', () => {
  it('keeps commas and braces inside strings', () => {
    expect(parseJsonc('{"vars":{"X":"a,}b"}}')).toStrictEqual({ vars: { X: 'a,}b' } })
    expect(parseJsonc('{"a":"x // not a comment", "b": "/* nor this */",}')).toStrictEqual({
      a: 'x // not a comment',
      b: '/* nor this */',
    })
  })

  it('reads a file that starts with a byte-order mark', () => {
    const dir = project({
      'wrangler.jsonc': '\uFEFF{ "kv_namespaces": [{ "binding": "DATA", "id": "abc" }] }',
    })
    expect(resolveWranglerConfig({ root: dir }).bindings.map((b) => b.binding)).toStrictEqual([
      'DATA',
    ])
  })

  it('reads a toml file that starts with a byte-order mark', () => {
    const dir = project({ 'wrangler.toml': '\uFEFF[[kv_namespaces]]\nbinding = "T"\n' })
    expect(resolveWranglerConfig({ root: dir }).bindings[0]!.binding).toBe('T')
  })

  it('gives the line and column of an error in the original text, comments included', () => {
    const text = '{\n  // a comment\n  /* a block\n     comment */\n  "a": 1,\n  "b": ?\n}\n'
    expect(() => parseJsonc(text)).toThrow('InvalidSymbol at line 6, column 8 (found "?")')
  })

  it('names the config file and the position when wrangler.jsonc is broken', () => {
    const dir = project({ 'wrangler.jsonc': '{\n  // c\n  "vars": { "X": 1 }\n  "name": "x"\n}' })
    expect(() => resolveWranglerConfig({ root: dir })).toThrow(
      /Could not parse .*wrangler\.jsonc: CommaExpected at line 4, column 3 \(found "\\"name\\""\)\./,
    )
  })

  it('accepts comments and trailing commas', () => {
    expect(parseJsonc('{ /* c */ "a": [1, 2,], // c\n "b": {},\n}')).toStrictEqual({
      a: [1, 2],
      b: {},
    })
  })
})

describe('parseDotenv (issue 12)', () => {
  it('reads a quoted value across lines', () => {
    expect(parseDotenv('A=1\nB="multi\nline"\nC=3\n')).toStrictEqual({
      A: '1',
      B: 'multi\nline',
      C: '3',
    })
  })

  it('expands \\n in double quotes only, and drops comments', () => {
    expect(
      parseDotenv('A="a\\nb"\nB=\'a\\nb\'\n# note\nC=plain # note\nexport D=4\n'),
    ).toStrictEqual({ A: 'a\nb', B: 'a\\nb', C: 'plain', D: '4' })
  })
})

describe('readDevVars', () => {
  it('prefers .dev.vars.<env> over .dev.vars, as wrangler does', () => {
    const dir = project({ '.dev.vars': 'A=base\nB=base\n', '.dev.vars.staging': 'A=staging\n' })
    expect(readDevVars(dir, 'staging')).toStrictEqual({ A: 'staging' })
    expect(readDevVars(dir, 'other')).toStrictEqual({ A: 'base', B: 'base' })
    expect(readDevVars(dir, undefined)).toStrictEqual({ A: 'base', B: 'base' })
  })

  it('falls back to the .env files, later ones overriding, when no .dev.vars exists', () => {
    const dir = project({
      '.env': 'A=env\nB=env\nC=env\nD=env\n',
      '.env.local': 'B=local\n',
      '.env.staging': 'C=staging\n',
      '.env.staging.local': 'D=staging-local\n',
    })
    expect(readDevVars(dir, 'staging')).toStrictEqual({
      A: 'env',
      B: 'local',
      C: 'staging',
      D: 'staging-local',
    })
    expect(readDevVars(dir, undefined)).toStrictEqual({ A: 'env', B: 'local', C: 'env', D: 'env' })
  })

  it('ignores the .env files when a .dev.vars exists', () => {
    const dir = project({ '.dev.vars': 'A=dev\n', '.env': 'B=env\n' })
    expect(readDevVars(dir, undefined)).toStrictEqual({ A: 'dev' })
  })

  it('reads nothing when there is no file', () => {
    const dir = project({})
    expect(readDevVars(dir, undefined)).toStrictEqual({})
  })
})
