import { describe, expect, it } from 'vitest'
import { resolveRealism } from '../../src/realism/options'
import { createPropagation } from '../../src/realism/propagation'
import { createPutChecks } from '../../src/realism/put-checks'

describe('realism options', () => {
  it('is off by default', () => {
    expect(resolveRealism()).toMatchObject({ writeRateLimit: false, modes: [] })
    expect(createPutChecks(resolveRealism())).toBeUndefined()
  })

  it('refuses an unknown profile, limits above workers kv and a delay out of range', () => {
    expect(() => resolveRealism({ limits: 'huge' as 'tma' })).toThrow(
      '[kvdev] Invalid `realism.limits`: "huge". Use workers-kv, tma or { maxValueBytes, maxKeyBytes, maxMetadataBytes }.',
    )
    expect(() => resolveRealism({ limits: { maxKeyBytes: 513 } })).toThrow(
      "[kvdev] Invalid `realism.limits.maxKeyBytes`: 513. It must be a whole number from 1 to 512 (Workers KV's own limit).",
    )
    expect(() => resolveRealism({ propagationDelay: 0 })).toThrow(
      '[kvdev] Invalid `realism.propagationDelay`: 0. It must be a number of seconds above 0 and at most 3600, or true (60).',
    )
    expect(resolveRealism({ propagationDelay: true })).toMatchObject({
      propagationDelayMs: 60_000,
      modes: ['propagation 60 s'],
    })
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

describe('realism propagation', () => {
  const DELAY = 60_000
  let now = 0
  const clock = () => now

  it('shows a write at once where it was made and elsewhere only after the delay', () => {
    now = 1_000_000
    const p = createPropagation<string | null>(DELAY, clock)
    p.wrote('KV\0k', 'eu', 'old', 'new')
    expect(p.read('KV\0k', 'eu', 'new')).toBe('new')
    expect(p.read('KV\0k', 'us', 'new')).toBe('old')
    now += DELAY - 1
    expect(p.read('KV\0k', 'us', 'new')).toBe('old')
    now += 1
    expect(p.read('KV\0k', 'us', 'new')).toBe('new')
  })

  it('keeps answering null for the delay where the key was missing', () => {
    now = 2_000_000
    const p = createPropagation<string | null>(DELAY, clock)
    expect(p.read('KV\0k', 'us', null)).toBeNull()
    p.wrote('KV\0k', 'eu', null, 'v')
    now += DELAY / 2
    expect(p.read('KV\0k', 'us', 'v')).toBeNull()
    now += DELAY / 2
    expect(p.read('KV\0k', 'us', 'v')).toBe('v')
  })

  it('holds a cacheTtl read that long at its location, except for its own writes', () => {
    now = 3_000_000
    const p = createPropagation<string | null>(DELAY, clock)
    expect(p.read('KV\0k', 'us', 'v1', 300)).toBe('v1')
    p.wrote('KV\0k', 'eu', 'v1', 'v2')
    now += 200_000
    expect(p.read('KV\0k', 'eu', 'v2')).toBe('v2')
    expect(p.read('KV\0k', 'us', 'v2')).toBe('v1')
    now += 100_000
    expect(p.read('KV\0k', 'us', 'v2')).toBe('v2')
    p.read('KV\0k', 'us', 'v2', 300)
    p.wrote('KV\0k', 'us', 'v2', 'v3')
    expect(p.read('KV\0k', 'us', 'v3')).toBe('v3')
  })
})
