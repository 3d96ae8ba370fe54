import { describe, expect, it } from 'vitest'
import { estimateCost } from '../../src/usage/estimate'
import { getFlags, WRITE_LOOP_MIN } from '../../src/usage/flags'
import { createUsageMeter, USAGE_LIMITS } from '../../src/usage/meter'
import { KV_PRICES } from '../../src/usage/prices'
import type { TracedOp } from '../../src/usage/types'

const op = (fields: Partial<TracedOp>): TracedOp => ({
  op: 'get',
  kind: 'read',
  binding: 'KV',
  key: 'k',
  bytes: 0,
  ms: 0,
  ...fields,
})

const put = (key: string) => op({ op: 'put', kind: 'write', key })

describe('usage meter', () => {
  it('keeps a bounded ring of requests, newest first', () => {
    const meter = createUsageMeter({ ...USAGE_LIMITS, RECENT_REQUESTS: 3 })
    for (const path of ['/a', '/b', '/c', '/d']) {
      meter.end(meter.begin({ method: 'GET', path }), { status: 200, route: path, persona: 'ada' })
    }
    expect(meter.recent().map((t) => t.path)).toEqual(['/d', '/c', '/b'])
    expect(meter.usage().requests).toBe(4)
  })

  it('stops calling a listener once the function onRequest returned is called (issue 20)', () => {
    const meter = createUsageMeter()
    const seen: string[] = []
    const stop = meter.onRequest((trace) => seen.push(trace.path))
    const stopTwin = meter.onRequest((trace) => seen.push(`twin ${trace.path}`))
    meter.end(meter.begin({ method: 'GET', path: '/a' }), {
      status: 200,
      route: null,
      persona: 'ada',
    })
    stop()
    meter.end(meter.begin({ method: 'GET', path: '/b' }), {
      status: 200,
      route: null,
      persona: 'ada',
    })
    stopTwin()
    meter.end(meter.begin({ method: 'GET', path: '/c' }), {
      status: 200,
      route: null,
      persona: 'ada',
    })
    expect(seen).toEqual(['/a', 'twin /a', 'twin /b'])
    expect(meter.kept).toBe(USAGE_LIMITS.RECENT_REQUESTS)
  })

  it('keeps a bounded number of ops per request and still counts the rest', () => {
    const meter = createUsageMeter({ ...USAGE_LIMITS, OPS_PER_REQUEST: 2 })
    const trace = meter.begin({ method: 'GET', path: '/x' })
    for (let i = 0; i < 5; i++) meter.record(trace, op({}))
    meter.end(trace, { status: 200, route: '/x', persona: 'anonymous' })
    expect(trace.ops).toHaveLength(2)
    expect(trace.droppedOps).toBe(3)
    expect(trace.counts.reads).toBe(5)
    expect(meter.usage()).toMatchObject({ reads: 5, byRoute: { 'GET /x': { reads: 5 } } })
  })

  it('counts routes beyond the bound under other', () => {
    const meter = createUsageMeter({ ...USAGE_LIMITS, ROUTES: 1 })
    for (const route of ['/a', '/b', '/c']) {
      meter.end(meter.begin({ method: 'GET', path: route }), { status: 200, route, persona: 'x' })
    }
    expect(Object.keys(meter.usage().byRoute)).toEqual(['GET /a', 'other'])
    expect(meter.usage().byRoute.other!.requests).toBe(2)
  })
})

describe('trace flags', () => {
  it('flags a key read twice but not two keys read once', () => {
    expect(getFlags({ ops: [op({ key: 'a' }), op({ key: 'b' })] })).toEqual([])
    expect(getFlags({ ops: [op({ key: 'a' }), op({ key: 'a' })] })).toMatchObject([
      { kind: 'repeated-read', key: 'a', count: 2 },
    ])
  })

  it(`flags ${WRITE_LOOP_MIN} writes of one key pattern and not one fewer`, () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => put(`item:${i}`))
    expect(getFlags({ ops: keys(WRITE_LOOP_MIN - 1) })).toEqual([])
    expect(getFlags({ ops: keys(WRITE_LOOP_MIN) })).toMatchObject([
      { kind: 'write-loop', key: 'item:#', count: WRITE_LOOP_MIN },
    ])
  })
})

describe('cost estimate', () => {
  it('scales measured ops per request, subtracts the included quota and prices the rest', () => {
    const measured = { requests: 2, reads: 4, writes: 1, deletes: 0, lists: 0 }
    const estimate = estimateCost(measured, 10_000_000)
    const reads = estimate.lines.find((l) => l.kind === 'reads')!
    // 2 reads a request × 10 M = 20 M, 10 M beyond the included 10 M, at $0.50 per million.
    expect(reads).toMatchObject({ perRequest: 2, perMonth: 20_000_000, billable: 10_000_000 })
    expect(reads.cost).toBe(5)
    const writes = estimate.lines.find((l) => l.kind === 'writes')!
    expect(writes).toMatchObject({ perMonth: 5_000_000, billable: 4_000_000, cost: 20 })
    expect(estimate.total).toBe(25)
  })

  it('costs nothing within the included quota or before any request', () => {
    expect(
      estimateCost({ requests: 1, reads: 1, writes: 1, deletes: 1, lists: 1 }, 1000).total,
    ).toBe(0)
    expect(
      estimateCost({ requests: 0, reads: 0, writes: 0, deletes: 0, lists: 0 }, 1e9).total,
    ).toBe(0)
  })

  it('names the date and source of its prices', () => {
    expect(KV_PRICES).toMatchObject({
      date: '2026-02-06',
      source: 'https://developers.cloudflare.com/kv/platform/pricing/',
      perMillion: { reads: 0.5, writes: 5, deletes: 5, lists: 5 },
      includedPerMonth: {
        reads: 10_000_000,
        writes: 1_000_000,
        deletes: 1_000_000,
        lists: 1_000_000,
      },
    })
  })
})
