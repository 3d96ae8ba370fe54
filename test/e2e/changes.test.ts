import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { PERSONAS, sampleRecords } from './helpers/fixtures'
import { openInspector, row } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

let server: InspectorServer
let browser: Browser

beforeAll(async () => {
  server = await startInspectorServer({ user: PERSONAS })
  browser = await launchBrowser()
})
beforeEach(async () => {
  await server.kv.store().seed(sampleRecords(), 'replace')
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function value(key: string) {
  return server.kv.env.KV!.getWithMetadata(key, 'text')
}

async function openCreate(page: Page) {
  await openInspector(page, server.url)
  await page.getByRole('button', { name: 'New key' }).click()
  const dialog = page.getByRole('dialog', { name: 'New key' })
  await dialog.waitFor()
  return dialog
}

describe('inspector changes', () => {
  it('creates a key with metadata and a ttl', async () => {
    const { page } = await openPage(browser)
    const dialog = await openCreate(page)
    await dialog.locator('input[name="key"]').fill('note:1')
    await dialog.locator('textarea[name="value"]').fill('hello')
    await dialog.locator('textarea[name="metadata"]').fill('{"name":"Ada"}')
    await dialog.getByLabel('Expiration').selectOption('ttl')
    await dialog.getByLabel('Seconds from now').fill('120')
    await dialog.getByRole('button', { name: 'Create' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.locator('.key-name', { hasText: 'note:1' }).waitFor()
    expect(await value('note:1')).toEqual({
      value: 'hello',
      metadata: { name: 'Ada' },
      cacheStatus: null,
    })
    const [info] = (await server.kv.store().list({ prefix: 'note:1' })).keys
    expect(info!.expiration! - Date.now() / 1000).toBeGreaterThan(100)
    expect(info!.expiration! - Date.now() / 1000).toBeLessThanOrEqual(121)
  })

  it('checks kv limits before sending and writes nothing', async () => {
    const { page } = await openPage(browser)
    const dialog = await openCreate(page)
    const error = dialog.getByRole('alert')
    await dialog.locator('input[name="key"]').fill('k'.repeat(513))
    await dialog.getByRole('button', { name: 'Create' }).click()
    await expect
      .poll(() => error.textContent())
      .toBe('[kvdev] Key is too long: 513 bytes. Keys are at most 512 UTF-8 bytes.')
    await dialog.locator('input[name="key"]').fill('limits')
    await dialog
      .locator('textarea[name="metadata"]')
      .fill(JSON.stringify({ pad: 'm'.repeat(1100) }))
    await dialog.getByRole('button', { name: 'Create' }).click()
    await expect
      .poll(() => error.textContent())
      .toBe('[kvdev] Metadata is too large: 1110 bytes. Metadata is at most 1024 bytes of JSON.')
    await dialog.locator('textarea[name="metadata"]').fill('')
    await dialog.getByLabel('Expiration').selectOption('ttl')
    await dialog.getByLabel('Seconds from now').fill('30')
    await dialog.getByRole('button', { name: 'Create' }).click()
    await expect
      .poll(() => error.textContent())
      .toBe(
        '[kvdev] Invalid expiration: 30 s from now. Expiration must be at least 60 seconds ahead.',
      )
    await dialog.getByLabel('Expiration').selectOption('none')
    await dialog.locator('input[name="json"]').check()
    await dialog.locator('textarea[name="value"]').fill('{"a": ')
    await dialog.getByRole('button', { name: 'Create' }).click()
    await expect
      .poll(() => error.textContent())
      .toMatch(/^\[kvdev\] Value is not valid JSON: .+\. Fix it or save it as text\.$/)
    expect(await server.kv.store().count()).toBe(sampleRecords().length)
  })

  it('asks before overwriting an existing key on create', async () => {
    const { page } = await openPage(browser)
    const dialog = await openCreate(page)
    await dialog.locator('input[name="key"]').fill('session:abc')
    await dialog.locator('textarea[name="value"]').fill('replaced')
    await dialog.getByRole('button', { name: 'Create' }).click()
    await dialog.getByText('already exists. Overwrite it?').waitFor()
    expect((await value('session:abc')).value).toBe('token-abc')
    await dialog.getByRole('button', { name: 'Overwrite' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect((await value('session:abc')).value).toBe('replaced')
  })

  it('edits json as raw text so big numbers keep their digits', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await row(page, 'config').click()
    await page.getByRole('button', { name: 'Edit' }).click()
    const textarea = page.locator('.detail textarea[name="value"]')
    expect(await textarea.inputValue()).toBe('{"big": 12345678901234567890, "name": "kvdev"}')
    await textarea.fill('{"big": 98765432109876543210123}')
    await page.locator('.detail textarea[name="metadata"]').fill('{"by":"inspector"}')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved config.').waitFor()
    expect(await value('config')).toEqual({
      value: '{"big": 98765432109876543210123}',
      metadata: { by: 'inspector' },
      cacheStatus: null,
    })
    await page.waitForFunction(() =>
      document.querySelector('pre.value')?.textContent?.includes('98765432109876543210123'),
    )
  })

  it('edits metadata and expiration of a binary value without touching its bytes', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await row(page, 'blob:icon').click()
    await page.getByRole('button', { name: 'Edit' }).click()
    await page.locator('.detail textarea[name="metadata"]').fill('{"kind":"icon"}')
    await page.locator('.detail').getByLabel('Expiration').selectOption('ttl')
    await page.locator('.detail').getByLabel('Seconds from now').fill('600')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved blob:icon.').waitFor()
    const stored = await server.kv.env.KV!.getWithMetadata('blob:icon', 'arrayBuffer')
    expect([...new Uint8Array(stored.value!)]).toEqual([0, 1, 2, 0xfe, 0xff])
    expect(stored.metadata).toEqual({ kind: 'icon' })
    const [info] = (await server.kv.store().list({ prefix: 'blob:icon' })).keys
    expect(info!.expiration).toBeGreaterThan(Date.now() / 1000 + 500)
  })

  it('deletes a key after confirmation', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await row(page, 'cache:leaderboard').click()
    await page.locator('.toolbar').getByRole('button', { name: 'Delete' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete key' })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect((await value('cache:leaderboard')).value).not.toBeNull()
    await page.locator('.toolbar').getByRole('button', { name: 'Delete' }).click()
    await dialog.getByRole('button', { name: 'Delete' }).click()
    await row(page, 'cache:leaderboard').waitFor({ state: 'detached' })
    expect((await value('cache:leaderboard')).value).toBeNull()
  })
})
