import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linkKvdevPackage } from '../fixtures/plugin-support/link-kvdev'
import {
  ADA,
  copyProject,
  type FixtureServer,
  PLAYGROUND_DIR,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'

let app: FixtureServer
let browser: Browser

beforeAll(async () => {
  const dir = copyProject(PLAYGROUND_DIR, ['vite.config.ts', 'tsconfig.json'])
  // The page imports `kvdev/client` by package name.
  linkKvdevPackage(dir)
  app = await startFixtureServer(dir, { user: [ADA] })
  browser = await launchBrowser()
})
afterAll(async () => {
  await closeContexts(browser)
  await browser?.close()
  await app?.close()
  if (app) removeDir(app.dir)
})

describe('playground trace (issue 15)', () => {
  it('shows the kv calls of the last request the game made', async () => {
    const { page, errors } = await openPage(browser)
    await page.goto(app.url)
    await page.locator('#player', { hasText: 'Ada Lovelace' }).waitFor()
    await page.getByRole('button', { name: 'Save progress' }).click()
    await page.locator('#trace-title', { hasText: 'POST /api/player-state → 200' }).waitFor()
    expect(await page.locator('#trace li').allTextContents()).toEqual([
      expect.stringMatching(/^KV\.put user:ada-sub:state · [\d.]+ ms$/),
    ])
    expect(errors).toEqual([])
  })
})
