import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createProject,
  HAS_SCRIPT,
  runInTerminal,
  startTestServer,
  type TestServer,
} from './helpers'

const ESC = '\u001b['

describe.skipIf(!HAS_SCRIPT)('kvdev cli on a terminal', { timeout: 120_000 }, () => {
  const project = createProject()
  const root = project.root
  let server: TestServer
  const tty = (args: string[], input = '', env: Record<string, string | undefined> = {}) =>
    runInTerminal(root, args, { input, env: { NO_COLOR: undefined, TERM: 'xterm', ...env } })

  beforeAll(async () => {
    server = await startTestServer(root)
    const KV = server.runtime.env.KV!
    await KV.put('user:07167f8e:savedata', '{"level":3}', {
      metadata: { name: 'Wyatt Victore', email: 'wyatt@school.edu' },
    })
    await KV.put('user:0f6133c8:savedata', '{"level":5}', {
      metadata: { name: 'Vivian Ajouz', email: 'vivian@school.edu' },
    })
    await KV.put('config:flags', 'plain')
  })
  afterAll(async () => {
    await server?.close()
    project.cleanup()
  })

  it('lists a table with identity beside user keys', async () => {
    const { out, code } = await tty(['list'], '', { NO_COLOR: '1' })
    expect(code).toBe(0)
    expect(out).toMatch(/^user:07167f8e:savedata {2}Wyatt Victore <wyatt@school\.edu>\r?$/m)
    expect(out).toMatch(/^user:0f6133c8:savedata {2}Vivian Ajouz <vivian@school\.edu>\r?$/m)
    expect(out).not.toContain(ESC)
  })

  it('colours only when NO_COLOR is unset', async () => {
    expect((await tty(['inspect', 'config:flags'])).out).toContain(ESC)
    expect((await tty(['inspect', 'config:flags'], '', { NO_COLOR: '1' })).out).not.toContain(ESC)
  })

  it('adds a newline after a value only on a terminal', async () => {
    expect((await tty(['get', 'config:flags'])).out).toMatch(/^plain\r?\n/)
  })

  it('asks before clearing and changes nothing on no', async () => {
    const no = await tty(['clear'], 'n\n')
    expect(no.out).toContain('[kvdev] Delete 3 keys from binding KV')
    expect(no.out).toContain('[y/N]')
    expect(no.code).toBe(2)
    expect(await server.runtime.store('KV').count()).toBe(3)
    const yes = await tty(['delete', '--prefix', 'config:'], 'y\n')
    expect(yes.code).toBe(0)
    expect(await server.runtime.store('KV').count()).toBe(2)
  })

  it('draws a progress bar on stderr for a long seed', async () => {
    const records = Array.from({ length: 400 }, (_, i) => ({ key: `p:${i}`, value: String(i) }))
    writeFileSync(join(root, 'many.json'), JSON.stringify(records))
    const { out, code } = await tty(['seed', 'many.json'])
    expect(code).toBe(0)
    expect(out).toMatch(/\r\[kvdev\] seed \[#+-*\] \d+\/400/)
    expect(out).toContain('Seeded 400 keys')
  })
})
