import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKvRuntime } from '../../src'
import { runWrangler, WRANGLER } from '../helpers/wrangler'

// Both ways on one `.wrangler/state`: the pinned wrangler (kvdev's Miniflare 4) and the current
// release (Miniflare 5, a newer workerd), whose store kvdev must still open (issue 12).
for (const wrangler of Object.keys(WRANGLER) as (keyof typeof WRANGLER)[]) {
  describe(`wrangler interop (${wrangler} wrangler)`, () => {
    let root: string
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'kvdev-wrangler-'))
      writeFileSync(
        join(root, 'wrangler.jsonc'),
        `{
        // both ids set: wrangler dev uses preview_id locally; wrangler kv needs --preview for it
        "name": "interop", "compatibility_date": "2025-01-01",
        "kv_namespaces": [{ "binding": "KV", "id": "prod-id", "preview_id": "preview-id" }, { "binding": "CACHE", "id": "cache-id" }],
      }`,
      )
    })
    afterAll(() => rmSync(root, { recursive: true, force: true }))

    it('lists with wrangler what kvdev wrote', async () => {
      const kv = await createKvRuntime({ root })
      await kv.env.KV!.put('user:1:state', '{"score":1}', {
        metadata: { email: 'a@b.c', name: 'Ada' },
      })
      await kv.env.CACHE!.put('cache:x', 'cached')
      await kv.dispose()
      const list = await runWrangler(root, [
        'kv',
        'key',
        'list',
        '--local',
        '--preview',
        '--binding',
        'KV',
      ])
      expect(list.code, list.stderr).toBe(0)
      expect(JSON.parse(list.stdout)).toEqual([
        { name: 'user:1:state', metadata: { email: 'a@b.c', name: 'Ada' } },
      ])
      const get = await runWrangler(
        root,
        ['kv', 'key', 'get', '--local', '--binding', 'CACHE', 'cache:x'],
        {},
        wrangler,
      )
      expect(get.stdout.trim()).toBe('cached')
    })

    it('reads with kvdev what wrangler wrote', async () => {
      const put = await runWrangler(
        root,
        [
          'kv',
          'key',
          'put',
          '--local',
          '--preview',
          '--binding',
          'KV',
          'from:wrangler',
          'written by wrangler',
          '--metadata',
          '{"by":"wrangler"}',
        ],
        {},
        wrangler,
      )
      expect(put.code, put.stderr).toBe(0)
      const kv = await createKvRuntime({ root })
      try {
        expect(await kv.env.KV!.getWithMetadata('from:wrangler')).toEqual({
          value: 'written by wrangler',
          metadata: { by: 'wrangler' },
          cacheStatus: null,
        })
        expect(await kv.env.KV!.get('user:1:state', 'json')).toEqual({ score: 1 })
      } finally {
        await kv.dispose()
      }
    })
  })
}
