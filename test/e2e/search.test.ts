import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { PERSONAS, sampleRecords } from './helpers/fixtures'
import { counts, openInspector, visibleKeys } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

const MANY = 2100
const manyKey = (i: number) => `n:${String(i).padStart(6, '0')}`
let server: InspectorServer
let browser: Browser

beforeAll(async () => {
  server = await startInspectorServer({ user: PERSONAS, bindings: ['KV', 'MANY'] })
  await server.kv.store('KV').write([...sampleRecords(), { key: '50%_off', value: 'x' }])
  await server.kv
    .store('MANY')
    .write(Array.from({ length: MANY }, (_, i) => ({ key: manyKey(i), value: 'x' })))
  browser = await launchBrowser()
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Waits until the list shows exactly `count` rows. */
const rows = (page: import('playwright-core').Page, count: number) =>
  page.waitForFunction(
    (n) => document.querySelectorAll('.viewport .row[data-key]').length === n,
    count,
  )

describe('inspector key search (issue 21)', () => {
  it('finds keys containing the text anywhere, case-sensitive, in contains mode', async () => {
    const { page, errors } = await openPage(browser)
    await openInspector(page, server.url)
    await page.getByLabel('Match key names').selectOption('contains')
    const search = page.getByLabel('Search key names')
    await search.fill(':state')
    await rows(page, 2)
    expect(await visibleKeys(page)).toEqual(['user:ada:state', 'user:alan:state'])
    await expect(counts(page).textContent()).resolves.toBe('2 of 10 keys contain it')
    // Upper case is another text; `%` and `_` are characters, not wildcards.
    await search.fill('STATE')
    await rows(page, 0)
    await search.fill('%_')
    await rows(page, 1)
    expect(await visibleKeys(page)).toEqual(['50%_off'])
    // Back to the prefix filter: the same text now matches from the start only.
    await page.getByLabel('Match key names').selectOption('prefix')
    await page.getByLabel('Filter by prefix').fill('state')
    await rows(page, 0)
    expect(errors).toEqual([])
  })

  it('pages through many matches as the key list does', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await page.locator('select[name="binding"]').selectOption('MANY')
    await page.getByLabel('Match key names').selectOption('contains')
    await page.getByLabel('Search key names').fill('5')
    const matches = Array.from({ length: MANY }, (_, i) => manyKey(i)).filter((k) =>
      k.includes('5'),
    )
    // The first page holds 100 matches; more follow through the server's cursor. The binding's
    // whole list shows first: wait for the rows the search answered (all hold the text).
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll<HTMLElement>('.viewport .row[data-key]')]
      return rows.length > 0 && rows.every((row) => row.dataset.key!.includes('5'))
    })
    const first = await visibleKeys(page)
    expect(first.length).toBeGreaterThan(0)
    expect(first).toEqual(matches.slice(0, first.length))
    await page.locator('.viewport').evaluate((el) => {
      el.scrollTop = el.scrollHeight
    })
    await page
      .locator('.counts', { hasText: `${matches.length} of 2,100 keys contain it` })
      .waitFor()
  })
})
