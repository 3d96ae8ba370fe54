import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import {
  copyFixture,
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'

const ADA = { sub: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' }

let app: FixtureServer

beforeAll(async () => {
  const dir = copyFixture('plugin-trace')
  writeFileSync(join(dir, '.dev.vars'), '')
  // A project in use: Miniflare has created the namespace's files. (The write that creates
  // them goes through workerd, another SQLite connection, which drops the read cache.)
  const kv = await createKvRuntime({ root: dir })
  await kv.env.KV!.put('created', 'yes')
  await kv.env.KV!.delete('created')
  await kv.dispose()
  app = await startFixtureServer(dir, { user: ADA, seed: false })
})

afterAll(async () => {
  await app?.close()
  if (app) removeDir(app.dir)
})

const api = async (path: string) => (await app.fetch(`/__kv/api/${path}`)).json()

const postScores = (game: string, scores: number[]) =>
  app.fetch(`/api/scores/${game}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scores }),
  })

describe('kv trace (issue 15)', () => {
  it('records each kv call of a request in order with method, path, status and persona', async () => {
    expect((await postScores('chess', [3, 1, 4, 1, 5, 9])).status).toBe(200)
    const { requests } = await api('requests')
    const [trace] = requests
    expect(trace).toMatchObject({
      method: 'POST',
      path: '/api/scores/chess',
      route: '/api/scores/:game',
      status: 200,
      persona: 'ada',
      droppedOps: 0,
      counts: { reads: 2, writes: 6, deletes: 1, lists: 0 },
    })
    expect(trace.ops.map((op: { op: string; key: string }) => `${op.op} ${op.key}`)).toEqual([
      'get config:scores',
      ...[0, 1, 2, 3, 4, 5].map((i) => `put score:chess:${i}`),
      'get config:scores',
      'delete board:chess',
    ])
    expect(trace.ops[0]).toMatchObject({ binding: 'KV', kind: 'read', hit: false, bytes: 0 })
    expect(trace.ops[1]).toMatchObject({ binding: 'KV', kind: 'write', bytes: 1 })
    expect(trace.ops.at(-1)).toMatchObject({ binding: 'CACHE', kind: 'delete' })
    // The second read of the key is answered by kvdev's memory cache: no I/O to time.
    expect(trace.ops[7]).toMatchObject({ key: 'config:scores', cached: true, ms: 0 })
    for (const op of trace.ops) expect(op.ms).toBeGreaterThanOrEqual(0)
  })

  it('flags a key read twice and writes in a loop', async () => {
    const [trace] = (await api('requests')).requests
    expect(trace.flags).toEqual([
      expect.objectContaining({ kind: 'repeated-read', key: 'config:scores', count: 2 }),
      expect.objectContaining({ kind: 'write-loop', key: 'score:chess:#', count: 6 }),
    ])
    expect(trace.flags[1].message).toContain('a write in a loop')
  })

  it('counts a bulk get per key and a list with its prefix', async () => {
    const response = await app.fetch('/api/scores/chess')
    expect((await response.json()).scores).toEqual([3, 1, 4, 1, 5, 9])
    const [trace] = (await api('requests')).requests
    expect(trace.counts).toEqual({ reads: 6, writes: 0, deletes: 0, lists: 1 })
    expect(trace.ops[0]).toMatchObject({ op: 'list', key: 'score:chess:' })
    expect(trace.ops[1]).toMatchObject({ op: 'get', hit: true, bytes: 6 })
    expect(trace.flags).toEqual([])
  })

  it('filters requests by path, newest first', async () => {
    await postScores('go', [1])
    const { requests } = await api('requests?path=/api/scores/go')
    expect(requests.map((r: { path: string }) => r.path)).toEqual(['/api/scores/go'])
    const all = (await api('requests')).requests.map((r: { id: number }) => r.id)
    expect(all).toEqual([...all].sort((a, b) => b - a))
  })

  it('counts usage per binding, per route and in total since start', async () => {
    const usage = await api('usage')
    expect(usage).toMatchObject({
      requests: 3,
      reads: 10,
      writes: 7,
      deletes: 2,
      lists: 1,
      byBinding: {
        KV: { reads: 10, writes: 7, deletes: 0, lists: 1 },
        CACHE: { reads: 0, writes: 0, deletes: 2, lists: 0 },
      },
      byRoute: {
        'POST /api/scores/:game': { requests: 2, reads: 4, writes: 7, deletes: 2, lists: 0 },
        'GET /api/scores/:game': { requests: 1, reads: 6, writes: 0, deletes: 0, lists: 1 },
      },
      estimate: null,
    })
  })

  it('estimates the monthly cost from the measured operations per request', async () => {
    const { estimate } = await api('usage?requests=3000000')
    // 7 writes in 3 requests → 7,000,000 a month, 6,000,000 beyond the included million, at $5.
    const writes = estimate.lines.find((line: { kind: string }) => line.kind === 'writes')
    expect(writes).toMatchObject({ perMonth: 7_000_000, billable: 6_000_000, cost: 30 })
    expect(estimate.prices.source).toBe('https://developers.cloudflare.com/kv/platform/pricing/')
    expect(estimate.formula).toContain('included per month')
  })

  it('records a request no route answers without a route', async () => {
    expect((await app.fetch('/api/nothing-here')).status).toBe(404)
    const [trace] = (await api('requests')).requests
    expect(trace).toMatchObject({ path: '/api/nothing-here', route: null, status: 404, ops: [] })
  })
})

describe('kv trace in the terminal (issue 15)', () => {
  it('prints one line per request with logRequests, and none by default', async () => {
    const logged = await startFixtureServer(copyFixture('plugin-trace'), {
      user: ADA,
      seed: false,
      logRequests: true,
    })
    try {
      const body = JSON.stringify({ scores: [1, 2, 3, 4, 5] })
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body }
      expect((await logged.fetch('/api/scores/chess', init)).status).toBe(200)
      const lines = logged.logs.filter((l) => l.message.startsWith('[kvdev] POST'))
      expect(lines.map((l) => l.message)).toEqual([
        expect.stringMatching(
          /^\[kvdev\] POST \/api\/scores\/chess 200 ada · 2 reads, 5 writes, 1 delete · 2 flagged: /,
        ),
      ])
      expect(app.logs.some((l) => l.message.startsWith('[kvdev] POST'))).toBe(false)
    } finally {
      await logged.close()
      removeDir(logged.dir)
    }
  })
})
