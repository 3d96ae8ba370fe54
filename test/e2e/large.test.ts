import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { KvRecord } from '../../src/types/records'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { visibleKeys } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

const KEYS = 100_000
const keyAt = (index: number) => `item:${String(index).padStart(6, '0')}`

let server: InspectorServer
let browser: Browser

beforeAll(async () => {
  server = await startInspectorServer()
  const records: KvRecord[] = Array.from({ length: KEYS }, (_, i) => ({
    key: keyAt(i),
    value: `v${i}`,
  }))
  await server.kv.store().write(records)
  browser = await launchBrowser()
}, 900_000)
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('inspector with 100,000 keys', () => {
  // How fast the first page shows is measured in bench/ (the inspector scenario), not here.
  it('shows the first page and the exact count', async () => {
    const { page } = await openPage(browser)
    await page.goto(server.url)
    await page.locator('.viewport .row[data-key]').first().waitFor()
    expect((await visibleKeys(page))[0]).toBe(keyAt(0))
    await page.locator(`.counts[data-total="${KEYS}"]`).waitFor()
    expect(await page.locator('.counts').textContent()).toBe('100,000 keys')
  })

  it('keeps the dom small and loads pages through cursors while scrolling', async () => {
    const { page } = await openPage(browser)
    await page.goto(server.url)
    await page.locator(`.counts[data-total="${KEYS}"]`).waitFor()
    const spacer = await page.locator('.spacer').evaluate((el) => el.getBoundingClientRect().height)
    expect(spacer).toBe(KEYS * 30)
    const target = 25_000
    await page.locator('.viewport').evaluate((el, top) => {
      el.scrollTop = top
    }, target * 30)
    await page.locator(`.row[data-key="${keyAt(target)}"]`).waitFor({ timeout: 30_000 })
    const rows = await page.locator('.viewport .row').count()
    expect(rows).toBeLessThan(100)
    const keys = await visibleKeys(page)
    expect(keys).toContain(keyAt(target))
    expect(keys).toEqual([...keys].sort())
  })

  it('filters the large namespace with exact counts', async () => {
    const { page } = await openPage(browser)
    await page.goto(server.url)
    await page.getByLabel('Filter by prefix').fill('item:0123')
    await page.locator('.counts[data-matched="100"]').waitFor()
    expect(await page.locator('.counts').textContent()).toBe('100 of 100,000 keys match')
    await page.locator(`.row[data-key="${keyAt(12300)}"]`).waitFor()
  })
})
