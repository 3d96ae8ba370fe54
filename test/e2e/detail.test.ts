import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { PERSONAS, sampleRecords } from './helpers/fixtures'
import { openInspector, row } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

let server: InspectorServer
let browser: Browser
const BIG = 'x'.repeat(100 * 1024)

beforeAll(async () => {
  server = await startInspectorServer({ user: PERSONAS })
  await server.kv.store().write([...sampleRecords(), { key: 'big:text', value: BIG }])
  browser = await launchBrowser()
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function openKey(key: string) {
  const watched = await openPage(browser)
  await openInspector(watched.page, server.url)
  await row(watched.page, key).click()
  await watched.page.locator('.key-name', { hasText: key }).waitFor()
  return watched
}

describe('inspector key view', () => {
  it('pretty-prints json and keeps the digits of big numbers', async () => {
    const { page } = await openKey('config')
    expect(await page.locator('pre.value').textContent()).toBe(
      '{\n  "big": 12345678901234567890,\n  "name": "kvdev"\n}',
    )
  })

  it('shows metadata and the identity of the writer', async () => {
    const { page } = await openKey('user:ada:state')
    expect(JSON.parse((await page.locator('pre.metadata').textContent())!)).toEqual({
      sub: 'ada',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    })
    expect(await page.locator('.facts').textContent()).toContain('Ada Lovelace <ada@example.com>')
  })

  it('shows binary values as hex and downloads the exact bytes', async () => {
    const { page } = await openKey('blob:icon')
    expect(await page.locator('pre.value').textContent()).toBe('00000000  00 01 02 fe ff')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ])
    const path = await download.path()
    const { readFileSync } = await import('node:fs')
    expect([...readFileSync(path)]).toEqual([0, 1, 2, 0xfe, 0xff])
  })

  it('bounds the preview to 64 KiB and loads the full value on request', async () => {
    const { page } = await openKey('big:text')
    expect(await page.locator('.truncated').textContent()).toContain(
      'Showing the first 64 KiB of 100 KiB',
    )
    expect((await page.locator('pre.value').textContent())!.length).toBe(64 * 1024)
    await page.getByRole('button', { name: 'Load full value' }).click()
    await page.locator('.truncated').waitFor({ state: 'detached' })
    expect((await page.locator('pre.value').textContent())!.length).toBe(BIG.length)
  })

  it('counts down the expiration live', async () => {
    const { page } = await openKey('session:abc')
    const countdown = page.locator('.countdown')
    const first = await countdown.textContent()
    expect(first).toMatch(/^in (59m|1h)/)
    await page.waitForFunction(
      (text) => document.querySelector('.countdown')?.textContent !== text,
      first,
      {
        timeout: 5000,
      },
    )
  })

  it('copies the key and the value', async () => {
    const { page } = await openKey('config')
    await page.getByRole('button', { name: 'Copy key' }).click()
    await page.getByText('Key copied.').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('config')
    await page.getByRole('button', { name: 'Copy value' }).click()
    await page.getByText('Value copied.').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      '{"big": 12345678901234567890, "name": "kvdev"}',
    )
  })
})
