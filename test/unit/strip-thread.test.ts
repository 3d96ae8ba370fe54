import { afterAll, describe, expect, it } from 'vitest'
import { createTypeStripper } from '../../src/dev/strip-thread'

// Issue 21: `kvdev dev` strips route files' types on a thread of its own.
describe('createTypeStripper', () => {
  const stripper = createTypeStripper()
  afterAll(() => stripper.close())

  it('strips types keeping every line and column in place', () => {
    const code = stripper.strip('const n: number = 1\nexport default n as number\n', '/app/a.ts')
    // Node adds `//# sourceURL=<file>` below, so stacks name the file.
    expect(code.startsWith('const n         = 1\nexport default n          \n')).toBe(true)
    expect(code).toContain('//# sourceURL=/app/a.ts')
    expect(stripper.threaded).toBe(true)
  })

  it('transforms an enum, with an inline source map', () => {
    const code = stripper.strip('export enum Level { Low = 1 }\n', '/app/level.ts')
    expect(code).toContain('Level[Level["Low"] = 1] = "Low"')
    expect(code).toContain('//# sourceMappingURL=data:application/json')
  })

  it('names the file and line of typescript that does not compile', () => {
    expect(() => stripper.strip('const a = 1\nconst b = (\n', '/app/broken.ts')).toThrow(
      /^\[kvdev\] TypeScript that does not compile: \/app\/broken\.ts:\d+ \(.+\)\. Fix the file/,
    )
  })

  it('answers each call with its own source after an error', () => {
    const code = stripper.strip('export const x: string = "x"\n', '/app/x.ts')
    expect(code.startsWith('export const x         = "x"\n')).toBe(true)
    expect(stripper.threaded).toBe(true)
  })
})
