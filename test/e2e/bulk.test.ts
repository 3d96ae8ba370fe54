import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { PERSONAS, sampleRecords } from './helpers/fixtures'
import { openInspector, row } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

const SEED = [
  { key: 'seeded:1', value: 'one' },
  { key: 'seeded:2', value: '{"two":2}' },
]

let server: InspectorServer
let browser: Browser

beforeAll(async () => {
  server = await startInspectorServer({ user: PERSONAS, seed: SEED })
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

async function allKeys(): Promise<string[]> {
  return (await server.kv.store().list({ limit: 1000 })).keys.map((k) => k.name)
}

async function filter(page: Page, prefix: string, matched: number) {
  await page.getByLabel('Filter by prefix').fill(prefix)
  await page.locator(`.counts[data-matched="${matched}"]`).waitFor()
}

describe('inspector bulk actions', () => {
  it('deletes all keys matching a prefix after a dry-run count typed back', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await filter(page, 'user:', 4)
    await page.getByRole('button', { name: 'Delete matching…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete matching keys' })
    await dialog.locator('[data-count="4"]').waitFor()
    expect(await dialog.textContent()).toContain('keys starting with user:')
    const confirm = dialog.getByRole('button', { name: 'Delete 4 keys' })
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.locator('input[name="confirm"]').fill('3')
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.locator('input[name="confirm"]').fill('4')
    await confirm.click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByText('Deleted 4 keys.').waitFor()
    expect((await allKeys()).filter((k) => k.startsWith('user:'))).toEqual([])
    expect(await allKeys()).toHaveLength(sampleRecords().length - 4)
  })

  it('reseeds from the seed file, merging or replacing after confirmation', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await page.getByRole('button', { name: 'Reseed…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Reseed' })
    await dialog.getByText('2 records to write.').waitFor()
    await dialog.getByRole('button', { name: 'Merge' }).click()
    await dialog.waitFor({ state: 'detached' })
    await row(page, 'seeded:1').waitFor()
    expect(await allKeys()).toHaveLength(sampleRecords().length + 2)

    await page.getByRole('button', { name: 'Reseed…' }).click()
    await dialog.getByLabel(/^Replace/).check()
    await dialog
      .getByText(`2 records to write; ${sampleRecords().length + 2} existing keys deleted first.`)
      .waitFor()
    await dialog.getByRole('button', { name: 'Replace all keys' }).click()
    await dialog.waitFor({ state: 'detached' })
    await row(page, 'config').waitFor({ state: 'detached' })
    expect(await allKeys()).toEqual(['seeded:1', 'seeded:2'])
  })

  it('imports a file in any seed format', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    const ndjson =
      '{"key":"imported:a","value":"A"}\n{"key":"imported:b","value":"B","metadata":{"n":1}}\n'
    await page.locator('input[name="import"]').setInputFiles({
      name: 'extra.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(ndjson),
    })
    const dialog = page.getByRole('dialog', { name: 'Import file' })
    expect(await dialog.textContent()).toContain('extra.ndjson')
    await dialog.getByRole('button', { name: 'Merge' }).click()
    await dialog.waitFor({ state: 'detached' })
    await row(page, 'imported:b').waitFor()
    expect(await server.kv.env.KV!.getWithMetadata('imported:b')).toMatchObject({
      value: 'B',
      metadata: { n: 1 },
    })
    expect(await allKeys()).toHaveLength(sampleRecords().length + 2)
  })

  it('shows the server message when an import is invalid and writes nothing', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await page.locator('input[name="import"]').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"a": '),
    })
    const dialog = page.getByRole('dialog', { name: 'Import file' })
    expect(await dialog.getByRole('alert').textContent()).toMatch(/^\[kvdev\] .*broken\.json/)
    expect(await dialog.getByRole('button', { name: 'Merge' }).isDisabled()).toBe(true)
    expect(await allKeys()).toHaveLength(sampleRecords().length)
  })

  for (const format of ['json', 'ndjson', 'csv'] as const) {
    it(`exports the current prefix as ${format}`, async () => {
      const { page } = await openPage(browser)
      await openInspector(page, server.url)
      await filter(page, 'session:', 2)
      await page.getByLabel('Export format').selectOption(format)
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export' }).click(),
      ])
      const text = readFileSync(await download.path(), 'utf8')
      expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`))
      expect(text).toContain('session:abc')
      expect(text).toContain('session:def')
      expect(text).not.toContain('user:ada')
    })
  }
})
