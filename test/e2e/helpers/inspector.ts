import type { Page } from 'playwright-core'

/** The names of the key rows currently in the DOM (the virtualised window), top to bottom. */
export function visibleKeys(page: Page): Promise<string[]> {
  return page.locator('.viewport .row[data-key]').evaluateAll((rows) =>
    rows
      .map((row) => ({
        index: Number(row.getAttribute('data-index')),
        key: row.getAttribute('data-key')!,
      }))
      .sort((a, b) => a.index - b.index)
      .map((row) => row.key),
  )
}

export async function openInspector(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.locator('.counts[data-total]').waitFor()
}

export function row(page: Page, key: string) {
  return page.locator(`.viewport .row[data-key="${key.replaceAll('"', '\\"')}"]`)
}

export function counts(page: Page) {
  return page.locator('.counts')
}
