import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime, type KvRecord, type KvRuntime } from '../../src'
import { listeningPorts, workerdChildren } from '../helpers/listening-ports'
import { attackPorts, gotThrough } from '../helpers/socket-attack'

async function dumpAll(kv: KvRuntime): Promise<KvRecord[]> {
  const out: KvRecord[] = []
  for await (const page of kv.store().dump()) out.push(...page)
  return out
}

describe.runIf(process.platform === 'linux')(
  'workerd sockets against other local clients (issue 11)',
  () => {
    let root: string
    let kv: KvRuntime
    let before: KvRecord[]
    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'kvdev-sockets-'))
      kv = await createKvRuntime({ root, bindings: ['KV'] })
      await kv.env.KV!.put('secret', 'the data')
      before = await dumpAll(kv)
    })
    afterAll(async () => {
      await kv.dispose()
      rmSync(root, { recursive: true, force: true })
    })

    it('refuses every request without the secret on every port workerd listens on', async () => {
      const pids = workerdChildren(process.pid)
      expect(pids.length).toBeGreaterThan(0)
      const ports = pids.flatMap(listeningPorts)
      // Miniflare's entry socket and the internal worker's direct socket.
      expect(ports.length).toBeGreaterThanOrEqual(2)
      const results = await attackPorts(ports)
      expect(results.filter(gotThrough)).toEqual([])
      expect(results.every((r) => !r.body.includes('the data'))).toBe(true)
      expect(await dumpAll(kv)).toEqual(before)
      expect(await kv.env.KV!.get('planted')).toBeNull()
    })

    it('has miniflare in this process refuse every other client, with no stack trace', async () => {
      const ports = listeningPorts(process.pid)
      expect(ports.length).toBeGreaterThan(0)
      const results = await attackPorts(ports)
      expect(results.filter(gotThrough)).toEqual([])
      expect(results.filter((r) => r.outcome !== 403)).toEqual([])
      expect(await dumpAll(kv)).toEqual(before)
    })

    it('still answers a child process of its own, as workerd is', async () => {
      const [port] = listeningPorts(process.pid)
      // node:http, not fetch: fetch adds `Sec-Fetch-Mode`, which workerd never sends.
      const script = `require('node:http').get('http://127.0.0.1:${port}/core/public-url', (r) => { let b = ''; r.on('data', (c) => (b += c)); r.on('end', () => console.log(r.statusCode, b)) })`
      const out = await new Promise<string>((done, fail) =>
        execFile(process.execPath, ['-e', script], (error, stdout) =>
          error ? fail(error) : done(stdout),
        ),
      )
      expect(out).toMatch(/^200 "http:\/\/127\.0\.0\.1:\d+\/"/)
    })

    it('keeps working for kvdev itself', async () => {
      await kv.env.KV!.put('after', 'ok')
      expect(await kv.env.KV!.get('after')).toBe('ok')
      await kv.env.KV!.delete('after')
    })
  },
)
