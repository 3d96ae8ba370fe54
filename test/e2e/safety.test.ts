import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { INSPECTOR_CSP } from '../../src/http/inspector-page'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { PERSONAS } from './helpers/fixtures'
import { openInspector, row } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

const EVIL_KEY =
  'user:<img src=x onerror="window.__pwned=1;alert(1)">:<script>window.__pwned=2</script>'
const EVIL_VALUE =
  '<script>window.__pwned=3;alert(3)</script><img src=x onerror="window.__pwned=4;alert(4)">'
const EVIL_METADATA = {
  name: '<img src=x onerror="window.__pwned=5">',
  email: '<script>alert(6)</script>',
}

let server: InspectorServer
let browser: Browser

beforeAll(async () => {
  server = await startInspectorServer({ user: PERSONAS })
  await server.kv.store().write([
    { key: EVIL_KEY, value: EVIL_VALUE, metadata: EVIL_METADATA },
    { key: 'plain', value: 'x' },
  ])
  browser = await launchBrowser()
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('inspector safety', () => {
  it('renders hostile keys, values and metadata as text: nothing executes', async () => {
    const { page, dialogs } = await openPage(browser)
    await page.addInitScript(() => {
      const violations: string[] = []
      Object.assign(window, { __csp: violations })
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(event.violatedDirective),
      )
    })
    await openInspector(page, server.url)
    const evilRow = row(page, EVIL_KEY)
    await evilRow.waitFor()
    expect(await evilRow.locator('.key').textContent()).toBe(EVIL_KEY)
    expect(await evilRow.locator('.identity').textContent()).toBe(
      '<img src=x onerror="window.__pwned=5"> <<script>alert(6)</script>>',
    )
    await evilRow.click()
    await page.locator('.key-name').waitFor()
    expect(await page.locator('.key-name').textContent()).toBe(EVIL_KEY)
    expect(await page.locator('pre.value').textContent()).toBe(EVIL_VALUE)
    expect(JSON.parse((await page.locator('pre.metadata').textContent())!)).toEqual(EVIL_METADATA)
    await page.getByRole('button', { name: 'By user' }).click()
    await page.getByRole('table', { name: 'Keys by user' }).waitFor()
    await page.getByRole('button', { name: 'Stats' }).click()
    await page.locator('.largest li').first().waitFor()
    await page.getByRole('button', { name: 'Edit' }).click()
    expect(await page.locator('.detail textarea[name="value"]').inputValue()).toBe(EVIL_VALUE)

    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.locator('#app img, #app script').count()).toBe(0)
    expect(dialogs).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([])
  })

  it('serves the page with the strict csp and hardened headers', async () => {
    const response = await fetch(server.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe(INSPECTOR_CSP)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    const html = await response.text()
    expect(html).toContain(`<meta name="kvdev-token" content="${server.token}">`)
    expect(html).toContain('<meta name="kvdev-base" content="/__kv">')
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    expect(html).not.toMatch(/<style|\sstyle=/)
  })

  it('switches the mock user for the next api request of the same browser', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    const whoami = () => page.evaluate(() => fetch('/api/whoami').then((r) => r.json()))
    const select = page.locator('select[name="user"]')
    expect(await select.locator('option').allTextContents()).toEqual([
      'Ada Lovelace <ada@example.com>',
      'Alan Turing <alan@example.com>',
      'Signed out',
    ])
    expect(await whoami()).toEqual({ sub: 'ada' })
    await select.selectOption('alan')
    await page.getByText("The app's next requests run as alan.").waitFor()
    expect(await whoami()).toEqual({ sub: 'alan' })
    await select.selectOption('anonymous')
    await page.getByText("The app's next requests run as anonymous.").waitFor()
    expect(await whoami()).toEqual({ sub: null })
    await page.reload()
    await page.locator('.counts[data-total]').waitFor()
    expect(await select.inputValue()).toBe('anonymous')
  })
})
