import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  copyFixture,
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'
import { createProject, runKvdev } from './helpers'

describe('kvdev stats --usage (issue 15)', { timeout: 120_000 }, () => {
  let app: FixtureServer
  const kv = (...args: string[]) => runKvdev(app.dir, args)

  beforeAll(async () => {
    app = await startFixtureServer(copyFixture('plugin-trace'), { seed: false })
    const body = JSON.stringify({ scores: [1, 2, 3, 4, 5] })
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body }
    for (const game of ['chess', 'go'])
      expect((await app.fetch(`/api/scores/${game}`, init)).status).toBe(200)
  })
  afterAll(async () => {
    await app?.close()
    if (app) removeDir(app.dir)
  })

  it('prints the counts of the running dev server as json', async () => {
    const result = await kv('stats', '--usage', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.out)).toMatchObject({
      requests: 2,
      reads: 4,
      writes: 10,
      deletes: 2,
      lists: 0,
      byBinding: { KV: { reads: 4, writes: 10 }, CACHE: { deletes: 2 } },
      byRoute: { 'POST /api/scores/:game': { requests: 2, writes: 10 } },
      estimate: null,
    })
  })

  it('estimates a monthly volume with the formula and where the prices come from', async () => {
    const json = JSON.parse((await kv('stats', '--usage', '--requests', '1000000', '--json')).out)
    // 5 writes a request × 1 M = 5 M, 4 M beyond the included million, at $5 a million.
    expect(json.estimate.lines[1]).toMatchObject({ kind: 'writes', billable: 4_000_000, cost: 20 })
    const text = (await kv('stats', '--usage', '--requests', '1000000')).out
    expect(text).toContain("2 requests to the app's routes")
    expect(text).toContain('POST /api/scores/:game')
    expect(text).toContain('Estimate for 1,000,000 requests a month')
    expect(text).toContain('= $20.00')
    expect(text).toContain('https://developers.cloudflare.com/kv/platform/pricing/')
    expect(text).toContain('cost = Σ max(0, ops per request × monthly requests')
  })

  it('refuses a bad volume and --requests without --usage', async () => {
    const bad = await kv('stats', '--usage', '--requests', 'many')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe(
      '[kvdev] Invalid --requests: "many". It must be a whole number of requests a month.\n',
    )
    expect((await kv('stats', '--requests', '10')).code).toBe(2)
  })

  it('says usage needs a running dev server when none runs', async () => {
    const project = createProject()
    try {
      const result = await runKvdev(project.root, ['stats', '--usage'])
      expect(result.code).toBe(3)
      expect(result.stderr).toContain(
        "usage is measured on the app's routes by a running dev server",
      )
    } finally {
      project.cleanup()
    }
  })
})
