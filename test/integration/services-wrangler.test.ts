import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linkKvdevPackage } from '../fixtures/plugin-support/link-kvdev'
import { PLAYGROUND_DIR } from '../fixtures/plugin-support/start-fixture'
import { runRocketStackExamples, runWorkertownExamples } from '../helpers/document-examples'
import { expectRocketStack, expectWorkertown } from '../helpers/document-expectations'
import { startWranglerDev, type WranglerDev } from '../helpers/wrangler-dev'

// The playground's REST route file, unchanged, as a Worker's entry under `wrangler dev`.
const KEY = 'wrangler-dev-key'
let root: string
let dev: WranglerDev

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kvdev-rest-worker-'))
  copyFileSync(join(PLAYGROUND_DIR, 'server/api/rest/index.ts'), join(root, 'worker.ts'))
  writeFileSync(
    join(root, 'wrangler.jsonc'),
    JSON.stringify({
      name: 'kv-rest',
      main: 'worker.ts',
      compatibility_date: '2026-01-01',
      kv_namespaces: [{ binding: 'KV', id: 'rest-kv' }],
    }),
  )
  writeFileSync(join(root, '.dev.vars'), `KV_API_KEY=${KEY}\n`)
  linkKvdevPackage(root)
  dev = await startWranglerDev(root, join(root, 'state'))
}, 180_000)
afterAll(async () => {
  await dev?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('kvRest as a worker under wrangler dev', () => {
  it('runs rocketstack kv examples as written, with only the base url and key changed', async () => {
    expectRocketStack(await runRocketStackExamples(dev.url, KEY))
  })

  it('runs @workertown/kv v1 calls as documented', async () => {
    expectWorkertown(await runWorkertownExamples(dev.url, KEY))
  })

  it('refuses a wrong key', async () => {
    const res = await fetch(`${dev.url}/v1/kv/x`, { headers: { 'x-api-key': 'wrong' } })
    expect(res.status).toBe(401)
  })
})
