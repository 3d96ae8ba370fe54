import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const DIST = resolve(import.meta.dirname, '../../dist')
const importsOf = (file: string) =>
  [
    ...readFileSync(resolve(DIST, file), 'utf8').matchAll(
      /\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/g,
    ),
  ].map((m) => m[1] ?? m[2])

// Built entries (after `npm run build`): what each one may pull into a Worker or a page.
describe('service entry points', () => {
  it('builds kvdev/client as browser code that imports nothing', () => {
    expect(importsOf('client-sdk.mjs')).toEqual([])
    expect(readFileSync(resolve(DIST, 'client-sdk.mjs'), 'utf8')).not.toMatch(
      /\bprocess\.|require\(/,
    )
  })

  it('builds kvdev/rest and kvdev/server on hono alone, with nothing node-only', async () => {
    for (const entry of ['rest.mjs', 'server.mjs']) {
      const external = importsOf(entry).filter((name) => !name!.startsWith('./'))
      expect(
        external.every((name) => name === 'hono' || name!.startsWith('hono/')),
        entry,
      ).toBe(true)
      for (const chunk of importsOf(entry).filter((name) => name!.startsWith('./')))
        expect(
          importsOf(chunk!).every((name) => name!.startsWith('hono') || name!.startsWith('./')),
          chunk,
        ).toBe(true)
    }
    const rest = await import('kvdev/rest')
    const server = await import('kvdev/server')
    const client = await import('kvdev/client')
    expect([
      typeof rest.kvRest,
      typeof server.createKV,
      typeof server.userKv,
      typeof client.createKvClient,
    ]).toEqual(['function', 'function', 'function', 'function'])
  })
})
