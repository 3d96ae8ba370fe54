import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, runKvdev, startTestServer, type TestServer } from './helpers'

const KEYS = [
  'user:1:profile',
  'user:1:Profile',
  'user:2:profile',
  'user:2:save',
  '50%',
  'a_b',
  'axb',
]
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))
const lines = (names: string[]) => names.map((n) => `${n}\n`).join('')

describe('kvdev list --search', { timeout: 120_000 }, () => {
  const project = createProject()
  /** Where the command runs: the store (or the dev server that owns it), or `--remote` with `env`. */
  let where: { args: string[]; env?: Record<string, string> } = { args: [] }
  const kv = (args: string[]) =>
    runKvdev(project.root, ['list', ...args, ...where.args], { env: where.env })

  beforeAll(async () => {
    const input = KEYS.map((key) => JSON.stringify({ key, value: 'v' })).join('\n')
    const seeded = await runKvdev(project.root, ['seed', '-'], { input })
    expect(seeded.code, seeded.stderr).toBe(0)
  })
  afterAll(() => project.cleanup())

  /** The same searches, wherever the command runs. */
  async function searches() {
    expect(await kv(['--search', 'profile'])).toMatchObject({
      code: 0,
      out: lines(['user:1:profile', 'user:2:profile']),
    })
    expect((await kv(['--search', 'Profile'])).out).toBe(lines(['user:1:Profile']))
    expect((await kv(['-s', '%'])).out).toBe(lines(['50%']))
    expect((await kv(['--search', '_'])).out).toBe(lines(['a_b']))
    expect((await kv(['--search', ':2:', '--prefix', 'user:'])).out).toBe(
      lines(['user:2:profile', 'user:2:save']),
    )
    expect(await kv(['--search', 'nowhere'])).toMatchObject({ code: 0, out: '' })
    const json = JSON.parse((await kv(['--search', 'x', '--json'])).out)
    expect(json).toEqual({ keys: [{ name: 'axb' }], list_complete: true })
  }

  it('finds keys whose name contains the text on the store files', async () => {
    await searches()
    const all = KEYS.filter((k) => k.includes('user')).sort(byBytes)
    expect((await kv(['--search', 'user'])).out).toBe(lines(all))
  })

  it('continues a search stopped by --limit from its cursor', async () => {
    const first = await kv(['--search', 'profile', '--limit', '1'])
    expect(first.out).toBe(lines(['user:1:profile']))
    const cursor = /--cursor (\S+)/.exec(first.stderr)?.[1]
    expect(first.stderr).toContain('More matches exist after these 1.')
    const next = await kv(['--search', 'profile', '--limit', '1', '--cursor', cursor!])
    expect(next).toMatchObject({ code: 0, out: lines(['user:2:profile']) })
  })

  it('refuses a search longer than a key can be, naming its size', async () => {
    const long = await kv(['--search', 'k'.repeat(513)])
    expect(long.code).toBe(2)
    expect(long.stderr).toContain('Search too long: 513 bytes (UTF-8). A search is at most 512')
  })

  describe('through a dev server and --remote', () => {
    let server: TestServer
    beforeAll(async () => {
      server = await startTestServer(project.root)
    })
    afterAll(async () => {
      await server?.close()
    })

    it('finds the same keys through the dev server', async () => {
      await searches()
      expect(server.requests).toContain('GET /__kv/api/keys')
    })

    it('finds the same keys on cloudflare, filtering its pages', async () => {
      const env = {
        CLOUDFLARE_API_BASE_URL: `${server.url}/__kv/api/client/v4`,
        CLOUDFLARE_API_TOKEN: server.token,
        CLOUDFLARE_ACCOUNT_ID: 'acct-1',
      }
      where = { args: ['--remote'], env }
      try {
        await searches()
        // One page of Cloudflare's holds both matches: its cursor cannot resume between them.
        const cut = await kv(['--search', 'profile', '--limit', '1'])
        expect(cut.out).toBe(lines(['user:1:profile']))
        expect(cut.stderr).toContain('run without --limit for every match')
      } finally {
        where = { args: [] }
      }
    })
  })
})
