import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { closeContexts, launchBrowser, openPage } from './helpers/browser'
import { openInspector, row } from './helpers/inspector'
import { type InspectorServer, startInspectorServer } from './helpers/inspector-server'

let server: InspectorServer
let browser: Browser

beforeAll(async () => {
  server = await startInspectorServer({ persist: true })
  browser = await launchBrowser()
  // Miniflare creates the namespace's files on a first write.
  await server.kv.env.KV!.put('created', '1')
})
beforeEach(async () => {
  await server.kv.store().seed(
    [
      { key: 'session:a', value: 'a', expiration_ttl: 600 },
      { key: 'session:b', value: 'b', expiration_ttl: 7200 },
      { key: 'user:1', value: '{"score":1}' },
    ],
    'replace',
  )
})
afterEach(() => closeContexts(browser))
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

// Issue 22: the store clock and snapshots in the inspector.
describe('inspector store clock and snapshots', () => {
  it('previews a jump, then advances the clock and shows it in the header', async () => {
    const { page, errors } = await openPage(browser)
    await openInspector(page, server.url)
    await row(page, 'session:a').waitFor()
    await page.getByLabel('Advance by').fill('1h')
    await page.getByRole('button', { name: 'Advance time…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Advance KV by 1 h' })
    await dialog.getByText('1 key would expire:').waitFor()
    expect(await dialog.locator('.expiring li').allTextContents()).toEqual(['session:a'])
    // The preview changed nothing.
    expect(await server.kv.env.KV!.get('session:a')).toBe('a')
    await dialog.getByRole('button', { name: 'Advance' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByText(/^store clock \+\d/).waitFor()
    // The list follows the change event: the expired key goes.
    await row(page, 'session:a').waitFor({ state: 'detached' })
    expect(await server.kv.env.KV!.get('session:a')).toBeNull()
    expect(await server.kv.env.KV!.get('session:b')).toBe('b')
    expect(errors).toEqual([])
  })

  it('saves a snapshot, diffs it with the store and restores it into the open view', async () => {
    const { page } = await openPage(browser)
    await openInspector(page, server.url)
    await row(page, 'user:1').waitFor()
    await page.getByRole('button', { name: 'Snapshots' }).click()
    const panel = page.getByRole('dialog', { name: 'Snapshots of KV' })
    await panel.getByLabel('Snapshot name').fill('clean')
    await panel.getByRole('button', { name: 'Save snapshot' }).click()
    await panel.getByRole('cell', { name: 'clean', exact: true }).waitFor()

    await server.kv.env.KV!.delete('user:1')
    await server.kv.env.KV!.put('user:2', 'new')
    await panel.getByRole('button', { name: 'Diff' }).click()
    const diff = panel.getByRole('region', { name: 'Diff' })
    await diff.getByText('1 added, 1 removed, 0 changed').waitFor()
    expect(await diff.locator('li').allTextContents()).toEqual(['+ user:2', '- user:1'])

    await panel.getByRole('button', { name: 'Restore…' }).click()
    await panel.getByRole('button', { name: 'Replace every key' }).click()
    await page.getByText('Restored snapshot "clean"').waitFor()
    await panel.getByRole('button', { name: 'Close' }).click()
    // The open list follows the restore through the change event.
    await row(page, 'user:1').waitFor()
    await row(page, 'user:2').waitFor({ state: 'detached' })
    expect(await server.kv.env.KV!.get('user:2')).toBeNull()
  })
})
