import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  copyFixture,
  type FixtureServer,
  removeDir,
  startFixtureServer,
} from '../fixtures/plugin-support/start-fixture'
import { launchBrowser, openPage } from './helpers/browser'

// The real `@tma.sh/sdk` client in a real page of the app (test/fixtures/tma-app), served by
// `vite dev` with kvdev: `createTMA({ apiUrl: location.origin })`, mock initData, unchanged.

const ADA = { sub: 'ada', name: 'Ada Lovelace', email: 'ada@tma.dev', telegramId: 1001 }
const GRACE = { sub: 'grace', name: 'Grace Hopper', email: 'grace@tma.dev', telegramId: 1002 }

let app: FixtureServer
let browser: Browser
beforeAll(async () => {
  app = await startFixtureServer(copyFixture('tma-app'), { user: [ADA, GRACE], persist: false })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  if (app) removeDir(app.dir)
})

declare global {
  interface Window {
    tma: import('@tma.sh/sdk').TMAClient
    mockInitData(id: number): string
  }
}

async function openApp(origin: string) {
  const watched = await openPage(browser)
  await watched.page.goto(`${origin}/`)
  await watched.page.locator('#status', { hasText: 'ready' }).waitFor()
  await watched.page.waitForLoadState('networkidle')
  return watched
}

describe('@tma.sh/sdk in chromium', () => {
  it('signs in a persona, uses the project kv and calls a route guarded by requireUser()', async () => {
    const { page, errors } = await openApp(app.url)
    const result = await page.evaluate(async () => {
      const { jwt, user } = await window.tma.auth.validate(window.mockInitData(1002), 'demo')
      await window.tma.kv.set('scores/best', { score: 7 })
      const got = await window.tma.kv.get('scores/best')
      const listed = await window.tma.kv.list('scores/')
      const me = await (
        await fetch('/api/me', { headers: { authorization: `Bearer ${jwt}` } })
      ).json()
      await window.tma.kv.remove('scores/best')
      return { user, got, listed, me, gone: await window.tma.kv.get('scores/best') }
    })
    expect(result).toEqual({
      user: { telegramId: 1002, firstName: 'Grace', lastName: 'Hopper', username: 'grace' },
      got: { score: 7 },
      listed: { keys: [{ name: 'scores/best' }], list_complete: true },
      me: {
        user: {
          telegramId: 1002,
          firstName: 'Grace',
          lastName: 'Hopper',
          username: 'grace',
          projectId: 'demo',
        },
        visit: { user: 'Grace' },
        names: ['visits:1002'],
      },
      gone: null,
    })
    // Chromium logs each 404 (the favicon, and the miss the SDK turns into `null`, as TMA answers it).
    expect(errors.filter((e) => !e.includes('status of 404 (Not Found)'))).toEqual([])
  })

  it('gives a page of another origin nothing: its validate fails and its write never lands', async () => {
    // The same server under another name is another origin to the browser.
    const other = app.url.replace('127.0.0.1', 'localhost')
    const { page } = await openApp(other)
    const signed = await app.fetch('/sdk/v1/auth/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ initData: '', projectId: 'demo' }),
    })
    const { jwt } = (await signed.json()).data
    const outcome = await page.evaluate(
      async ({ api, jwt }) => {
        const attempt = (path: string, init: RequestInit) =>
          fetch(`${api}${path}`, init).then(
            (res) => `answered ${res.status}`,
            (error: Error) => error.name,
          )
        const headers = { 'content-type': 'application/json', authorization: `Bearer ${jwt}` }
        return [
          await attempt('/sdk/v1/auth/validate', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ initData: '', projectId: 'demo' }),
          }),
          await attempt('/sdk/v1/kv/foreign', { method: 'PUT', headers, body: '"x"' }),
        ]
      },
      { api: app.url, jwt },
    )
    expect(outcome).toEqual(['TypeError', 'TypeError'])
    expect((await app.fetch('/__kv/api/value?binding=KV&key=foreign')).status).toBe(404)
  })
})
