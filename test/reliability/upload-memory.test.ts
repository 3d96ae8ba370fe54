import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROUTES_FIXTURE } from './helpers/paths'
import { type ServerChild, startServer } from './helpers/server'

/** Peak resident memory of a process, in bytes. */
const peakRss = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024
const rss = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024
const MIB = 1024 * 1024
const mib = (n: number) => `${(n / MIB).toFixed(0)} MiB`

const UPLOADS = 4
const KEYS_PER_SEED = 100
/** 100 keys of 1 MiB: a 100 MiB seed body. */
const VALUE_BYTES = MIB

function seedBody(name: string): string {
  const records = Object.fromEntries(
    Array.from({ length: KEYS_PER_SEED }, (_, i) => [
      `${name}:${i}`,
      `${name}${i}`.padEnd(VALUE_BYTES, '.'),
    ]),
  )
  return JSON.stringify({ text: JSON.stringify(records), file: `${name}.json` })
}

describe('upload memory (issue 11)', () => {
  let root: string
  let server: ServerChild
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-uploads-'))
    cpSync(ROUTES_FIXTURE, root, { recursive: true })
    server = await startServer(root, 'plugin')
  })
  afterAll(async () => {
    await server?.kill('SIGTERM')
    rmSync(root, { recursive: true, force: true })
  })

  it('bounds memory under four concurrent 100 MiB seeds and writes every one of them', async () => {
    const headers = { 'x-kvdev-token': server.token, 'content-type': 'application/json' }
    const bodies = Array.from({ length: UPLOADS }, (_, i) => seedBody(`seed${i}`))
    expect(Buffer.byteLength(bodies[0]!)).toBeGreaterThanOrEqual(100 * MIB)
    const before = rss(server.pid)
    let refused = 0
    const statuses = await Promise.all(
      bodies.map(async (body) => {
        // A client that honours Retry-After, as the 503 asks.
        for (;;) {
          const response = await fetch(`${server.url}/__kv/api/seed`, {
            method: 'POST',
            headers,
            body,
          })
          if (response.status !== 503) return response.status
          refused++
          const message = (await response.json()).errors[0].message as string
          expect(message).toMatch(/^\[kvdev\] Too many uploads at once: \d+ bytes/)
          const wait = Number(response.headers.get('retry-after'))
          expect(wait).toBeGreaterThan(0)
          await new Promise((resolve) => setTimeout(resolve, wait * 1000))
        }
      }),
    )
    const peak = peakRss(server.pid)
    console.info(
      `[upload memory] ${UPLOADS} concurrent seeds of ${mib(Buffer.byteLength(bodies[0]!))}: RSS ${mib(before)} before, peak ${mib(peak)}; ${refused} answers 503 + Retry-After`,
    )
    expect(statuses).toEqual([200, 200, 200, 200])
    expect(refused).toBeGreaterThan(0)
    // Each seed is whole: every key of every upload, with its own value.
    const count = await fetch(`${server.url}/__kv/api/count`, { headers })
    expect((await count.json()).total).toBe(UPLOADS * KEYS_PER_SEED)
    for (let i = 0; i < UPLOADS; i++) {
      const key = `seed${i}:${KEYS_PER_SEED - 1}`
      const value = await fetch(`${server.url}/__kv/api/value?key=${encodeURIComponent(key)}`, {
        headers,
      })
      const text = await value.text()
      expect(text.length).toBe(VALUE_BYTES)
      expect(text.startsWith(`seed${i}${KEYS_PER_SEED - 1}.`)).toBe(true)
    }
    // Generous: one seed in flight costs its body, its text and its records; four at once cost four times that.
    expect(peak).toBeLessThan(before + 900 * MIB)
  })
})
