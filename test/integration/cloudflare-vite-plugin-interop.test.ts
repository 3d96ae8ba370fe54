import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cloudflare } from '@cloudflare/vite-plugin'
import { createServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'

// A worker as @cloudflare/vite-plugin runs it: inside its own workerd (Miniflare 5), on env.KV.
const WORKER = `export default {
  async fetch(request, env) {
    const key = new URL(request.url).searchParams.get('key')
    if (request.method === 'PUT') {
      await env.KV.put(key, await request.text(), { metadata: { by: 'vite-plugin' } })
      return new Response('stored')
    }
    return Response.json(await env.KV.getWithMetadata(key))
  },
}
`

/** Runs `work` against a real Vite dev server with @cloudflare/vite-plugin on `root`'s store. */
async function withVitePlugin(root: string, work: (url: string) => Promise<void>): Promise<void> {
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    cacheDir: join(root, '.vite-cache'),
    plugins: [cloudflare({ inspectorPort: false })],
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  })
  try {
    await server.listen()
    await work(`http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}`)
  } finally {
    await server.close()
  }
}

describe('@cloudflare/vite-plugin interop', () => {
  let root: string
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kvdev-cf-vite-'))
    writeFileSync(join(root, 'worker.js'), WORKER)
    writeFileSync(
      join(root, 'wrangler.jsonc'),
      `{ "name": "interop", "main": "worker.js", "compatibility_date": "2025-01-01",
         "kv_namespaces": [{ "binding": "KV", "id": "kv-id" }] }`,
    )
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('reads in the worker what kvdev wrote, and kvdev reads what the worker wrote', async () => {
    const kv = await createKvRuntime({ root })
    await kv.env.KV!.put('user:1:state', '{"score":1}', { metadata: { name: 'Ada' } })
    await kv.dispose()

    await withVitePlugin(root, async (url) => {
      const read = await fetch(`${url}/?key=user:1:state`)
      expect(await read.json()).toEqual({
        value: '{"score":1}',
        metadata: { name: 'Ada' },
        cacheStatus: null,
      })
      const write = await fetch(`${url}/?key=from:worker`, { method: 'PUT', body: 'hello' })
      expect(await write.text()).toBe('stored')
    })

    const again = await createKvRuntime({ root })
    try {
      expect(await again.env.KV!.getWithMetadata('from:worker')).toEqual({
        value: 'hello',
        metadata: { by: 'vite-plugin' },
        cacheStatus: null,
      })
      expect(await again.env.KV!.get('user:1:state', 'json')).toEqual({ score: 1 })
    } finally {
      await again.dispose()
    }
  })
})
