import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { PERSONAS, sampleRecords } from './helpers/fixtures'
import { counts, openInspector, row, visibleKeys } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

const PAGED = 2100
let server: InspectorServer
let browser: Browser

beforeAll(async () => {
  server = await startInspectorServer({ user: PERSONAS, bindings: ['KV', 'CACHE', 'PAGED'] })
  await server.kv.store('KV').write(sampleRecords())
  await server.kv.store('CACHE').write([{ key: 'only-in-cache', value: 'x' }])
  await server.kv.store('PAGED').write(
    Array.from({ length: PAGED }, (_, i) => ({
      key: `n:${String(i).padStart(6, '0')}`,
      value: 'x',
    })),
  )
  browser = await launchBrowser()
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('inspector key list', () => {
  it('lists every key sorted with size, type, expiration and identity', async () => {
    const { page, errors } = await openPage(browser)
    await openInspector(page, server.url)
    await row(page, 'config').waitFor()
    expect(await visibleKeys(page)).toEqual(
      sampleRecords()
        .map((r) => r.key)
        .sort(),
    )
    await expect(counts(page).textContent()).resolves.toBe('9 keys')
    const ada = row(page, 'user:ada:state')
    await expect(ada.locator('.identity').textContent()).resolves.toBe(
      'Ada Lovelace <ada@example.com>',
    )
    await expect(ada.locator('.type').textContent()).resolves.toBe('json')
    await expect(ada.locator('.size').textContent()).resolves.toBe('23 B')
    await expect(row(page, 'blob:icon').locator('.type').textContent()).resolves.toBe('binary')
    await expect(row(page, 'session:abc').locator('.type').textContent()).resolves.toBe('text')
    expect(await row(page, 'session:abc').locator('.expires').textContent()).toMatch(/^in (59m|1h)/)
    expect(errors).toEqual([])
  })

  it('updates relative expirations live', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    const cell = row(page, 'session:abc').locator('.expires')
    const before = await cell.textContent()
    await page.waitForFunction(
      (text) => document.querySelector('[data-key="session:abc"] .expires')?.textContent !== text,
      before,
      { timeout: 5000 },
    )
  })

  it('filters by prefix with exact matched and total counts', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await page.getByLabel('Filter by prefix').fill('user:')
    await expect(page.locator('.counts[data-matched="4"]').textContent()).resolves.toBe(
      '4 of 9 keys match',
    )
    await page.waitForFunction(
      () => document.querySelectorAll('.viewport .row[data-key]').length === 4,
    )
    expect(await visibleKeys(page)).toEqual([
      'user:ada:inventory',
      'user:ada:state',
      'user:alan:inventory',
      'user:alan:state',
    ])
  })

  it('switches namespace between every binding', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    const options = await page.locator('select[name="binding"] option').allTextContents()
    expect(options).toEqual(['KV', 'CACHE', 'PAGED'])
    await page.locator('select[name="binding"]').selectOption('CACHE')
    await row(page, 'only-in-cache').waitFor()
    expect(await visibleKeys(page)).toEqual(['only-in-cache'])
  })

  it('groups keys by prefix and opens a group as a filter', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await page.getByRole('button', { name: 'By prefix' }).click()
    const table = page.getByRole('table', { name: 'Keys by prefix' })
    await table.waitFor()
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)),
      )
    expect(rows).toEqual(
      expect.arrayContaining([
        ['user:', '4'],
        ['session:', '2'],
        ['cache:', '1'],
      ]),
    )
    await table.getByRole('button', { name: 'session:' }).click()
    await page.locator('.counts[data-matched="2"]').waitFor()
    expect(await page.getByLabel('Filter by prefix').inputValue()).toBe('session:')
  })

  it('groups user keys by sub with the identity', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await page.getByRole('button', { name: 'By user' }).click()
    const table = page.getByRole('table', { name: 'Keys by user' })
    await table.waitFor()
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)),
      )
    expect(rows).toEqual([
      ['ada', 'Ada Lovelace <ada@example.com>', '2'],
      ['alan', 'Alan Turing <alan@example.com>', '2'],
    ])
    await table.getByRole('button', { name: 'alan' }).click()
    await page.waitForFunction(
      () => document.querySelectorAll('.viewport .row[data-key]').length === 2,
    )
    expect(await visibleKeys(page)).toEqual(['user:alan:inventory', 'user:alan:state'])
  })

  it('shows stats: key count, bytes, largest keys and prefixes', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await page.getByRole('button', { name: 'Stats' }).click()
    await expect(page.locator('[data-stat="keys"]').textContent()).resolves.toBe('9')
    const stats = await server.kv.store('KV').stats()
    expect(await page.locator('[data-stat="bytes"]').textContent()).toBe(`${stats.bytes} B`)
    const largest = await page.locator('.largest li button').allTextContents()
    expect(largest[0]).toBe(stats.largest[0]!.name)
  })

  it('is keyboard usable: / focuses the filter, arrows move, enter opens, delete prompts', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await row(page, 'blob:icon').waitFor()
    await page.keyboard.press('/')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('prefix')
    await row(page, 'blob:icon').focus()
    await page.keyboard.press('ArrowDown')
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('data-key') === 'cache:leaderboard',
    )
    await page.keyboard.press('Enter')
    await expect(page.locator('.key-name').textContent()).resolves.toBe('cache:leaderboard')
    await row(page, 'cache:leaderboard').focus()
    await page.keyboard.press('Delete')
    const dialog = page.getByRole('dialog', { name: 'Delete key' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('cache:leaderboard')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await server.kv.store('KV').inspect('cache:leaderboard')).not.toBeNull()
  })

  it('refreshes the list and counts when keys change elsewhere', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await row(page, 'config').waitFor()
    await server.kv.env.KV!.put('aaa:live', 'hello')
    await row(page, 'aaa:live').waitFor({ timeout: 5000 })
    await page.locator('.counts[data-total="10"]').waitFor()
    await server.kv.env.KV!.delete('aaa:live')
    await row(page, 'aaa:live').waitFor({ state: 'detached', timeout: 5000 })
  })

  it('pages through cursors and renders only the visible rows', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await page.locator('select[name="binding"]').selectOption('PAGED')
    await page.locator(`.counts[data-total="${PAGED}"]`).waitFor()
    const viewport = page.locator('.viewport')
    await viewport.evaluate((el) => {
      el.scrollTop = el.scrollHeight
    })
    const last = `n:${String(PAGED - 1).padStart(6, '0')}`
    await row(page, last).waitFor()
    expect(await page.locator('.viewport .row').count()).toBeLessThan(100)
    const keys = await visibleKeys(page)
    expect(keys.at(-1)).toBe(last)
    expect(keys).toEqual([...keys].sort())
  })
})
