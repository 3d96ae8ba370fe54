import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { openInspector, row } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

// `invoice\u202Efdp.exe` reads "invoiceexe.pdf" when the control is rendered as is.
const SPOOF = 'invoice\u202Efdp.exe'
const SHOWN = 'invoice\\u202Efdp.exe'
const ISOLATES = 'user:\u2066admin\u2069:\u200Frole\u061C'

let server: InspectorServer
let browser: Browser

beforeAll(async () => {
  server = await startInspectorServer()
  await server.kv.store().write([
    { key: SPOOF, value: 'x' },
    { key: ISOLATES, value: 'y' },
    { key: 'invoice.pdf', value: 'z' },
  ])
  browser = await launchBrowser()
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('inspector bidi controls (issue 11)', () => {
  it('shows bidirectional-control characters in keys as escapes', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    const spoof = row(page, SPOOF)
    await spoof.waitFor()
    expect(await spoof.locator('.key').textContent()).toBe(SHOWN)
    expect(await spoof.locator('.key').getAttribute('title')).toBe(SHOWN)
    expect(await row(page, ISOLATES).locator('.key').textContent()).toBe(
      'user:\\u2066admin\\u2069:\\u200Frole\\u061C',
    )
    await spoof.click()
    await page.locator('.key-name').waitFor()
    expect(await page.locator('.key-name').textContent()).toBe(SHOWN)
    // The key itself is untouched: the detail reads its value.
    await page.locator('pre.value').waitFor()
    expect(await page.locator('pre.value').textContent()).toBe('x')
    await page.getByRole('button', { name: 'Stats' }).click()
    await page.locator('.largest li').first().waitFor()
    const largest = await page.locator('.largest li button').allTextContents()
    expect(largest).toContain(SHOWN)
    expect(largest.join('')).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/)
  })
})
