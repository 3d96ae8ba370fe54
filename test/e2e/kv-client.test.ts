import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADA, type FixtureServer, GRACE } from '../fixtures/plugin-support/start-fixture'
import { launchBrowser } from './helpers/browser'
import { startPlayground } from './helpers/playground'

// The playground page in real Chromium: its preferences go through `createKvClient`
// (the built `kvdev/client`, so run `npm run build` first) to `userKv()` at /api/kv.

let app: FixtureServer
let browser: Browser

beforeAll(async () => {
  app = await startPlayground({ user: [ADA, GRACE], persist: false })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** The game as one player: the persona rides on every request the page makes. */
async function openGame(persona: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-kvdev-user': persona } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(`${app.url}/`)
  await page.locator('#player').filter({ hasNotText: '…' }).waitFor()
  return { page, errors }
}

const theme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme)

describe('createKvClient in the playground page', () => {
  it('saves a preference per player and loads it on the next visit', async () => {
    const ada = await openGame(ADA.sub)
    await ada.page.locator('#theme-name', { hasText: 'dark' }).waitFor()
    await ada.page.getByRole('button', { name: 'Toggle theme' }).click()
    await ada.page
      .locator('#status', { hasText: 'Theme saved to user:<sub>:preferences (light).' })
      .waitFor()
    expect(await theme(ada.page)).toBe('light')
    const stored = await app.fetch(
      `/__kv/api/value?binding=KV&key=${encodeURIComponent(`user:${ADA.sub}:preferences`)}`,
    )
    expect(await stored.text()).toBe('{"theme":"light"}')

    await ada.page.reload()
    await ada.page.locator('#theme-name', { hasText: 'light' }).waitFor()
    expect(await theme(ada.page)).toBe('light')

    const grace = await openGame(GRACE.sub)
    await grace.page.locator('#player', { hasText: GRACE.name }).waitFor()
    await grace.page.locator('#theme-name', { hasText: 'dark' }).waitFor()
    expect(await theme(grace.page)).toBe('dark')
    expect([...ada.errors, ...grace.errors]).toEqual([])
  })

  it('keeps the default theme for a signed-out player and shows the server message on save', async () => {
    const anonymous = await openGame('anonymous')
    await anonymous.page.locator('#player', { hasText: 'nobody' }).waitFor()
    // loadPreferences swallows only a KvClientError with status 401: nothing else reaches the status line.
    await anonymous.page.locator('#theme-name', { hasText: 'dark' }).waitFor()
    expect(await anonymous.page.locator('#status').textContent()).toBe('')
    await anonymous.page.getByRole('button', { name: 'Toggle theme' }).click()
    await anonymous.page
      .locator('#status', {
        hasText: '[kvdev] Not signed in: no `playcademyUser` on this request.',
      })
      .waitFor()
    expect(await theme(anonymous.page)).not.toBe('light')
    expect(anonymous.errors.filter((e) => !e.includes('status of 401'))).toEqual([])
  })
})
