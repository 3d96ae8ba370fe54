import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ADA, type FixtureServer, GRACE } from '../fixtures/plugin-support/start-fixture'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { findLowContrast, type LowContrast } from './helpers/contrast'
import { startPlayground } from './helpers/playground'

let app: FixtureServer
let browser: Browser

beforeAll(async () => {
  app = await startPlayground({ user: [ADA, GRACE] })
  browser = await launchBrowser()
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** What `findLowContrast` finds on the page now, each marked with the state it was in. */
async function check(page: Page, state: string, found: (LowContrast & { state: string })[]) {
  for (const low of await findLowContrast(page)) found.push({ state, ...low })
}

describe('contrast (issue 20)', () => {
  it("keeps the playground's text at 4.5:1 or more in its light and dark themes", async () => {
    const found: (LowContrast & { state: string })[] = []
    const { page, errors } = await openPage(browser)
    await page.goto(app.url)
    await page.locator('#player', { hasText: ADA.name }).waitFor()
    await page.locator('#banner:not([hidden])').waitFor()
    await page.getByRole('button', { name: 'Start session' }).click()
    await page.locator('#session', { hasText: `Session for ${ADA.name}` }).waitFor()
    for (const theme of ['light', 'dark']) {
      if ((await page.locator('#theme-name').textContent()) !== theme) {
        await page.getByRole('button', { name: 'Toggle theme' }).click()
        await page.locator('#theme-name', { hasText: theme }).waitFor()
      }
      await page.getByRole('button', { name: 'Save progress' }).click()
      await page.locator('#trace-title', { hasText: 'POST /api/player-state' }).waitFor()
      await check(page, `${theme} theme`, found)
    }
    expect(found).toEqual([])
    expect(errors).toEqual([])
  })

  it("keeps the inspector's text at 4.5:1 or more in the light and dark colour schemes", async () => {
    await app.fetch('/api/leaderboard')
    const found: (LowContrast & { state: string })[] = []
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await openPage(browser, { colorScheme: scheme })
      await page.goto(`${app.url}/__kv/`)
      await page.locator('.viewport .row[data-key]').first().click()
      await page.locator('.detail').waitFor()
      await page.locator('select[name="user"]').selectOption(GRACE.sub)
      await page.locator('.notice').waitFor()
      await check(page, `${scheme}: keys, a key open, a notice`, found)
      for (const [tab, ready] of [
        ['By prefix', '.groups td'],
        ['By user', '.groups td'],
        ['Stats', '.tile-value'],
        ['Requests', '.request-list .row[data-request]'],
      ] as const) {
        await page.getByRole('button', { name: tab, exact: true }).click()
        await page.locator(ready).first().waitFor()
        await check(page, `${scheme}: ${tab}`, found)
      }
      await page.locator('.request-list .row[data-request] button').first().click()
      await page.locator('.trace').waitFor()
      await check(page, `${scheme}: a request open`, found)
      expect(errors).toEqual([])
    }
    expect(found).toEqual([])
  })
})
