import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type DevServer, startDevServer } from '../../src/dev/start-dev-server'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { PERSONAS } from './helpers/fixtures'
import { openInspector } from './helpers/inspector'

// As in screenshots.test.ts: `KVDEV_SCREENSHOTS=1` writes the README's images.
const DOCS = fileURLToPath(new URL('../../docs/screenshots', import.meta.url))
const FIXTURE = fileURLToPath(new URL('../fixtures/plugin-trace', import.meta.url))
const shots = process.env.KVDEV_SCREENSHOTS ? DOCS : mkdtempSync(join(tmpdir(), 'kvdev-'))

let root: string
let dev: DevServer
let browser: Browser

const postScores = (game: string, scores: number[]) =>
  fetch(`${dev.url}/api/scores/${game}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scores }),
  })

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kvdev-'))
  cpSync(FIXTURE, root, { recursive: true })
  mkdirSync(shots, { recursive: true })
  dev = await startDevServer({ root, port: 0, persist: false, user: PERSONAS, seed: false })
  browser = await launchBrowser()
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await dev?.close()
  rmSync(root, { recursive: true, force: true })
  if (shots !== DOCS) rmSync(shots, { recursive: true, force: true })
})

const shoot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`) })

describe('requests view (issue 15)', () => {
  it('shows requests live, newest first, filtered by path, with their calls and flags', async () => {
    const { page, errors } = await openPage(browser, { width: 1280, height: 760 })
    await openInspector(page, `${dev.url}/__kv/`)
    await page.getByRole('button', { name: 'Requests' }).click()
    await page.getByText('No requests yet').waitFor()
    expect((await postScores('chess', [3, 1, 4, 1, 5, 9])).status).toBe(200)
    expect((await fetch(`${dev.url}/api/scores/chess`)).status).toBe(200)
    expect((await postScores('go', [7])).status).toBe(200)
    const rows = page.locator('.request-list tr')
    await rows.nth(2).waitFor()
    expect(await rows.locator('td:first-child').allTextContents()).toEqual([
      'POST /api/scores/go',
      'GET /api/scores/chess',
      'POST /api/scores/chess',
    ])
    await page.getByRole('button', { name: 'POST /api/scores/chess' }).click()
    const trace = page.getByRole('region', { name: 'Trace of POST /api/scores/chess' })
    expect(await trace.locator('.ops li .op-kind').allTextContents()).toEqual([
      'get',
      ...Array(6).fill('put'),
      'get',
      'delete',
    ])
    await trace.locator('[data-flag="repeated-read"]').waitFor()
    await trace.locator('[data-flag="write-loop"]').waitFor()
    await shoot(page, 'requests')
    await page.locator('input[name="path"]').fill('/api/scores/go')
    await page.locator('.request-list tr').nth(1).waitFor({ state: 'detached' })
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['POST /api/scores/go'])
    expect(errors).toEqual([])
  })

  it('shows usage and the monthly estimate in the stats view', async () => {
    const { page, errors } = await openPage(browser, { width: 1280, height: 1100 })
    await openInspector(page, `${dev.url}/__kv/`)
    await page.getByRole('button', { name: 'Stats' }).click()
    const usage = page.getByRole('region', { name: 'Usage' })
    await usage.locator('[data-usage="writes"]', { hasText: '7' }).waitFor()
    await usage.locator('input[name="monthly-requests"]').fill('3000000')
    await usage.locator('input[name="monthly-requests"]').press('Enter')
    // 7 writes and 2 deletes in 3 requests → 7 M and 2 M a month; beyond the included
    // million each, 6 M + 1 M at $5 a million (10 M reads and 1 M lists stay included).
    await usage.locator('[data-usage="total"]', { hasText: '$35.00' }).waitFor()
    await usage.getByText('https://developers.cloudflare.com/kv/platform/pricing/').waitFor()
    await usage.scrollIntoViewIfNeeded()
    await shoot(page, 'usage')
    expect(errors).toEqual([])
  })

  it('shows each production mode in the header while it is on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvdev-'))
    cpSync(FIXTURE, dir, { recursive: true })
    const realism = { writeRateLimit: true, propagationDelay: 60, limits: 'tma' as const }
    const strict = await startDevServer({
      root: dir,
      port: 0,
      persist: false,
      seed: false,
      realism,
    })
    try {
      const { page, errors } = await openPage(browser)
      await openInspector(page, `${strict.url}/__kv/`)
      const modes = page.getByRole('list', { name: 'Production modes' })
      await modes.waitFor()
      expect(await modes.locator('li').allTextContents()).toEqual([
        'write rate 1/s per key',
        'propagation 60 s',
        'limits tma',
      ])
      const location = page.locator('input[name="location"]')
      expect(await location.inputValue()).toBe('local')
      await location.fill('eu')
      await location.press('Enter')
      await page.getByText("The app's next requests run at location eu.").waitFor()
      const plain = (await openPage(browser)).page
      await openInspector(plain, `${dev.url}/__kv/`)
      await plain.getByRole('button', { name: 'Requests' }).waitFor()
      expect(await plain.getByRole('list', { name: 'Production modes' }).count()).toBe(0)
      expect(errors).toEqual([])
    } finally {
      await strict.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
