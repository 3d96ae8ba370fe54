import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADA, type FixtureServer, GRACE } from '../fixtures/plugin-support/start-fixture'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { startPlayground } from './helpers/playground'

let app: FixtureServer
let browser: Browser

beforeAll(async () => {
  app = await startPlayground({ user: [ADA, GRACE] })
  browser = await launchBrowser()
})
afterAll(async () => {
  await closeContexts(browser)
  await browser?.close()
  await app?.close()
})

describe('playground persona switch (issue 20)', () => {
  it("shows the new player's session, not the old one's, after a switch in the inspector", async () => {
    const { page, errors } = await openPage(browser)
    await page.goto(app.url)
    const player = page.locator('#player')
    const session = page.locator('#session')
    await player.filter({ hasText: ADA.name }).waitFor()
    await page.getByRole('button', { name: 'Start session' }).click()
    await session.filter({ hasText: `Session for ${ADA.name}` }).waitFor()

    // The inspector in another tab of the same browser.
    const inspector = await page.context().newPage()
    await inspector.goto(`${app.url}/__kv/`)
    await inspector.locator('select[name="user"]').selectOption(GRACE.sub)
    await inspector.locator('.notice').waitFor()

    // The game page follows without a reload, and after one.
    await player.filter({ hasText: GRACE.name }).waitFor()
    await session.filter({ hasText: 'No game session.' }).waitFor()
    await page.reload()
    await player.filter({ hasText: GRACE.name }).waitFor()
    await session.filter({ hasText: 'No game session.' }).waitFor()

    // Back to Ada: her session is still hers.
    await inspector.locator('select[name="user"]').selectOption(ADA.sub)
    await player.filter({ hasText: ADA.name }).waitFor()
    await session.filter({ hasText: `Session for ${ADA.name}` }).waitFor()
    expect(errors).toEqual([])
  })
})
