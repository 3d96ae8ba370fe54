import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevServer, startDevServer } from '../../src/dev/start-dev-server'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { PERSONAS } from './helpers/fixtures'
import { openInspector, row } from './helpers/inspector'

let root: string
let dev: DevServer
let browser: Browser

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kvdev-'))
  mkdirSync(join(root, 'seeds'))
  writeFileSync(join(root, 'seeds', 'kv.json'), JSON.stringify({ 'user:ada:state': { level: 1 } }))
  dev = await startDevServer({ root, port: 0, persist: false, user: PERSONAS })
  browser = await launchBrowser()
})
afterAll(async () => {
  await closeContexts(browser)
  await browser?.close()
  await dev?.close()
  rmSync(root, { recursive: true, force: true })
})

describe('inspector on the kvdev dev server', () => {
  it('serves the inspector through the vite plugin and writes through its api', async () => {
    const { page, errors } = await openPage(browser)
    await openInspector(page, `${dev.url}/__kv/`)
    await row(page, 'user:ada:state').waitFor()
    await page.getByRole('button', { name: 'New key' }).click()
    const dialog = page.getByRole('dialog', { name: 'New key' })
    await dialog.locator('input[name="key"]').fill('from:browser')
    await dialog.locator('textarea[name="value"]').fill('hello')
    await dialog.getByRole('button', { name: 'Create' }).click()
    await row(page, 'from:browser').waitFor()
    await page.locator('.counts[data-total="2"]').waitFor()
    expect(errors).toEqual([])
  })
})
