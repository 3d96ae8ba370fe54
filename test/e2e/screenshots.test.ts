import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { KvRecord } from '../../src/types/records'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { PERSONAS } from './helpers/fixtures'
import { openInspector, row } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

// `KVDEV_SCREENSHOTS=1 npm run test:e2e -- screenshots` refreshes the README's images;
// otherwise the same views are rendered into a temp dir, checking that each one draws.
const DOCS = fileURLToPath(new URL('../../docs/screenshots', import.meta.url))
const target = process.env.KVDEV_SCREENSHOTS ? DOCS : mkdtempSync(join(tmpdir(), 'kvdev-'))

function gameRecords(): KvRecord[] {
  const records: KvRecord[] = []
  const players = [...PERSONAS, { sub: 'grace', name: 'Grace Hopper', email: 'grace@example.com' }]
  players.forEach((p, i) => {
    const identity = { sub: p.sub, name: p.name, email: p.email }
    records.push(
      {
        key: `user:${p.sub}:state`,
        // Written as text: the coins exceed 2^53 and the inspector keeps every digit.
        value: `{"level": ${3 + i}, "score": ${1200 * (i + 1)}, "coins": 9007199254740993${i}, "unlocked": ["forest", "cave"]}`,
        metadata: identity,
      },
      {
        key: `user:${p.sub}:inventory`,
        value: JSON.stringify({ sword: 1, potion: 3 + i }),
        metadata: identity,
      },
      {
        key: `user:${p.sub}:settings`,
        value: JSON.stringify({ sound: true, lang: 'en' }),
        metadata: identity,
      },
    )
  })
  for (let i = 0; i < 4; i++) {
    records.push({
      key: `session:${(0x5f3a + i * 977).toString(16)}`,
      value: `sess-${i}`,
      expiration_ttl: 600 + i * 1800,
    })
  }
  records.push(
    {
      key: 'cache:leaderboard:daily',
      value: JSON.stringify({ top: [{ sub: 'ada', score: 3600 }] }),
      expiration_ttl: 3600,
    },
    { key: 'cache:news', value: 'Season 2 starts on Monday.', expiration_ttl: 86_400 },
    { key: 'config:game', value: '{"maxPlayers": 64, "seed": 12345678901234567890}' },
    {
      key: 'asset:avatar:ada',
      value: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64'),
      base64: true,
    },
  )
  return records
}

let server: InspectorServer
let browser: Browser

beforeAll(async () => {
  mkdirSync(target, { recursive: true })
  server = await startInspectorServer({ user: PERSONAS, seed: gameRecords() })
  await server.kv.store().write(gameRecords())
  browser = await launchBrowser()
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (target !== DOCS) rmSync(target, { recursive: true, force: true })
})

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(target, `${name}.png`) })
}

describe('inspector screenshots', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`renders the main views in ${scheme} mode without errors`, async () => {
      const { page, errors } = await openPage(browser, {
        colorScheme: scheme,
        width: 1280,
        height: 760,
      })
      await openInspector(page, server.url)
      await row(page, 'user:grace:state').waitFor()
      await row(page, 'user:ada:state').click()
      await page.locator('pre.value').waitFor()
      await shoot(page, `keys-${scheme}`)
      if (scheme === 'dark') {
        expect(errors).toEqual([])
        return
      }
      await page.getByRole('button', { name: 'Close details' }).click()
      await page.getByRole('button', { name: 'By prefix' }).click()
      await page.getByRole('table', { name: 'Keys by prefix' }).waitFor()
      await shoot(page, 'by-prefix')
      await page.getByRole('button', { name: 'By user' }).click()
      await page.getByRole('table', { name: 'Keys by user' }).waitFor()
      await shoot(page, 'by-user')
      await page.getByRole('button', { name: 'Stats' }).click()
      await page.locator('.largest li').first().waitFor()
      await shoot(page, 'stats')
      await page.getByRole('button', { name: 'Keys' }).click()
      await page.getByLabel('Filter by prefix').fill('session:')
      await page.locator('.counts[data-matched="4"]').waitFor()
      await page.getByRole('button', { name: 'Delete matching…' }).click()
      await page.getByRole('dialog').locator('[data-count="4"]').waitFor()
      await shoot(page, 'delete-matching')
      await page.keyboard.press('Escape')
      await page.getByLabel('Filter by prefix').fill('')
      await page.getByRole('button', { name: 'New key' }).click()
      const dialog = page.getByRole('dialog', { name: 'New key' })
      await dialog.locator('input[name="key"]').fill('user:ada:notes')
      await dialog.locator('textarea[name="value"]').fill('{"todo": ["beat the cave boss"]}')
      await dialog
        .locator('textarea[name="metadata"]')
        .fill('{"name":"Ada Lovelace","email":"ada@example.com"}')
      await shoot(page, 'new-key')
      expect(errors).toEqual([])
    })
  }
})
