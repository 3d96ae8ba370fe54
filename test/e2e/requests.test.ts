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
    const rows = page.locator('.request-list .row[data-request]')
    await rows.nth(2).waitFor()
    expect(await rows.locator('.cell.request').allTextContents()).toEqual([
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
    await rows.nth(1).waitFor({ state: 'detached' })
    expect(await rows.locator('.cell.request').allTextContents()).toEqual(['POST /api/scores/go'])
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

describe('requests view, with hundreds of requests (issue 20)', () => {
  // A POST with no scores: 200, two reads of the config and a delete.
  const post = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${dev.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"scores":[]}',
    })
  const openRequests = async (page: Page) => {
    await openInspector(page, `${dev.url}/__kv/`)
    await page.getByRole('button', { name: 'Requests' }).click()
  }
  const rows = (page: Page) => page.locator('.request-list .row[data-request]')

  it('streams each request as it ends instead of asking again every second', async () => {
    const { page, errors } = await openPage(browser)
    const asked: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/__kv/api/requests')) asked.push(request.url())
    })
    await post('/api/scores/before')
    await openRequests(page)
    await rows(page).first().waitFor()
    const newest = await rows(page).first().getAttribute('data-request')
    await post('/api/scores/streamed')
    await page
      .locator('.request-list .row[data-index="0"] .cell.request', {
        hasText: 'POST /api/scores/streamed',
      })
      .waitFor()
    expect(Number(await rows(page).first().getAttribute('data-request'))).toBeGreaterThan(
      Number(newest),
    )
    expect(asked).toEqual([`${dev.url}/__kv/api/requests/events`])
    expect(errors).toEqual([])
  })

  it("names each request's persona, not its sub", async () => {
    await post('/api/scores/alan', { 'x-kvdev-user': 'alan' })
    await post('/api/scores/nobody', { 'x-kvdev-user': 'anonymous' })
    const { page, errors } = await openPage(browser)
    await openRequests(page)
    const persona = (index: number) =>
      page.locator(`.request-list .row[data-index="${index}"] .cell.persona`).textContent()
    await rows(page).nth(2).waitFor()
    expect([await persona(0), await persona(1), await persona(2)]).toEqual([
      'signed out',
      'Alan Turing',
      'Ada Lovelace',
    ])
    await page.getByRole('button', { name: 'POST /api/scores/alan' }).click()
    const trace = page.getByRole('region', { name: 'Trace of POST /api/scores/alan' })
    expect(await trace.locator('h3').textContent()).toContain(' · Alan Turing · ')
    expect(errors).toEqual([])
  })

  it('keeps hundreds of requests inside its card, virtualised, with every status in view', {
    timeout: 120_000,
  }, async () => {
    const long = `/api/scores/${'x'.repeat(400)}`
    // Ten at a time: the order within a batch does not matter here.
    for (let i = 0; i < 240; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => post(`/api/scores/g${i + j}`)))
    }
    const failed = await fetch(`${dev.url}/api/scores/bad`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    })
    expect(failed.status).toBe(500)
    await post(long)
    const { page, errors } = await openPage(browser, { width: 1280, height: 800 })
    await openRequests(page)
    const list = page.getByRole('table', { name: 'Recent requests' })
    await list.locator('.row[data-index="0"]').waitFor()
    // The server keeps the last 200; they all scroll inside the card, and the page does not.
    expect(await list.getAttribute('aria-rowcount')).toBe('200')
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      800,
    )
    expect(await rows(page).count()).toBeLessThan(60)
    const card = (await page.locator('.list-pane').boundingBox())!
    expect(card.y + card.height).toBeLessThanOrEqual(800)
    const box = (await list.boundingBox())!
    const status = list.locator('.row[data-index="0"] .cell.status')
    expect(await status.textContent()).toBe('200')
    const cell = (await status.boundingBox())!
    expect(cell.x + cell.width).toBeLessThanOrEqual(box.x + box.width)
    expect(cell.width).toBeGreaterThan(0)
    // The oldest kept requests, at the bottom of the scroll.
    await list.locator('.viewport').evaluate((viewport) => {
      viewport.scrollTop = viewport.scrollHeight
    })
    await list.locator('.row[data-index="199"]').waitFor()
    const old = list.locator('.row[data-index="190"] button')
    const label = (await old.textContent())!
    expect(label).toMatch(/^POST \/api\/scores\/g\d+$/)
    await old.click()
    const trace = page.getByRole('region', { name: `Trace of ${label}` })
    const shown = (await trace.boundingBox())!
    expect(shown.y + shown.height).toBeLessThanOrEqual(800)
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      800,
    )
    await page.locator('input[name="path"]').fill('/api/scores/bad')
    await rows(page).nth(1).waitFor({ state: 'detached' })
    expect(await rows(page).locator('.cell.status').allTextContents()).toEqual(['500'])
    expect(errors).toEqual([])
  })
})
