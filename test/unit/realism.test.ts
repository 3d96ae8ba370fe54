import { describe, expect, it } from 'vitest'
import { resolveRealism } from '../../src/realism/options'
import { createPutChecks } from '../../src/realism/put-checks'

describe('realism options', () => {
  it('is off by default', () => {
    expect(resolveRealism()).toMatchObject({ writeRateLimit: false, modes: [] })
    expect(createPutChecks(resolveRealism())).toBeUndefined()
  })

  it('refuses an unknown profile, limits above workers kv and the propagation delay', () => {
    expect(() => resolveRealism({ limits: 'huge' as 'tma' })).toThrow(
      '[kvdev] Invalid `realism.limits`: "huge". Use workers-kv, tma or { maxValueBytes, maxKeyBytes, maxMetadataBytes }.',
    )
    expect(() => resolveRealism({ limits: { maxKeyBytes: 513 } })).toThrow(
      "[kvdev] Invalid `realism.limits.maxKeyBytes`: 513. It must be a whole number from 1 to 512 (Workers KV's own limit).",
    )
    expect(() => resolveRealism({ propagationDelay: true })).toThrow(
      'Propagation delay is not available in this version of kvdev',
    )
  })
})

describe('realism put checks', () => {
  it('fails a second write to one key within a second and allows it after', () => {
    let now = 10_000
    const checks = createPutChecks(resolveRealism({ writeRateLimit: true }), () => now)!
    checks.check('KV', 'counter', 1, undefined)
    checks.check('KV', 'other', 1, undefined)
    now += 999
    expect(() => checks.check('KV', 'counter', 1, undefined)).toThrow(
      'KV PUT failed: 429 Too Many Requests',
    )
    now += 1000
    expect(() => checks.check('KV', 'counter', 1, undefined)).not.toThrow()
  })

  it("applies explicit limits with cloudflare's wording", () => {
    const checks = createPutChecks(
      resolveRealism({ limits: { maxValueBytes: 10, maxKeyBytes: 4, maxMetadataBytes: 8 } }),
    )!
    expect(() => checks.check('KV', 'abcde', 1, undefined)).toThrow(
      'KV PUT failed: 414 UTF-8 encoded length of 5 exceeds key length limit of 4.',
    )
    expect(() => checks.check('KV', 'k', 11, undefined)).toThrow(
      'KV PUT failed: 413 Value length of 11 exceeds limit of 10.',
    )
    expect(() => checks.check('KV', 'k', 1, { name: 'Ada' })).toThrow(
      'KV PUT failed: 413 Metadata length of 14 exceeds limit of 8.',
    )
    expect(() => checks.check('KV', 'k', 10, { a: 1 })).not.toThrow()
  })
})
