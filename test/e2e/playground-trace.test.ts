import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADA, type FixtureServer } from '../fixtures/plugin-support/start-fixture'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { startPlayground } from './helpers/playground'

let app: FixtureServer
let browser: Browser

beforeAll(async () => {
  app = await startPlayground({ user: [ADA] })
  browser = await launchBrowser()
})
afterAll(async () => {
  await closeContexts(browser)
  await browser?.close()
  await app?.close()
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
