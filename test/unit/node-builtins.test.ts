import { describe, expect, it } from 'vitest'
import { nodeBuiltinsFromRegistry } from '../../build/node-builtins.ts'

const render = (code: string) => nodeBuiltinsFromRegistry().renderChunk(code).code

describe('build/node-builtins', () => {
  it('takes named, default and namespace imports of built-ins from the registry', () => {
    const code = [
      'import { join, resolve as resolve2 } from "node:path";',
      'import fs from "fs";',
      'import * as crypto from "node:crypto";',
      'import def, { isDeepStrictEqual } from "node:util";',
    ].join('\n')
    expect(render(code).split('\n')).toEqual([
      'const { join, resolve: resolve2 } = process.getBuiltinModule("node:path");',
      'const fs = process.getBuiltinModule("fs");',
      'const crypto = process.getBuiltinModule("node:crypto");',
      'const def = process.getBuiltinModule("node:util"), { isDeepStrictEqual } = process.getBuiltinModule("node:util");',
    ])
  })

  it('keeps the line count of an import that spans lines, so the source map holds', () => {
    const code =
      'import {\n  existsSync,\n  readFileSync as readFileSync2\n} from "node:fs";\nexistsSync(".")'
    const out = render(code)
    expect(out.split('\n')).toHaveLength(code.split('\n').length)
    expect(out).toContain('readFileSync: readFileSync2')
    expect(out).toContain('} = process.getBuiltinModule("node:fs");\nexistsSync(".")')
  })

  it('leaves imports of packages and chunks as they are', () => {
    const code = [
      'import { createServer } from "vite";',
      'import { KvdevError } from "./chunk-ABC.mjs";',
      'import "node:fs";',
    ].join('\n')
    expect(render(code)).toBe(code)
  })

  it('binds the names a built-in really exports', () => {
    const code = 'import { join, sep as separator } from "node:path";'
    const bound = new Function(`${render(code)}; return [join, separator]`)() as unknown[]
    const path = process.getBuiltinModule('node:path')
    expect(bound).toEqual([path.join, path.sep])
  })
})
