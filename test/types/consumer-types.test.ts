import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runWrangler } from '../helpers/wrangler'

const REPO = resolve(import.meta.dirname, '../..')
const ROUTE = 'server/api/player-state.ts'

/** The README's route example, as a user copies it. */
function readmeRoute(): string {
  const blocks = readFileSync(join(REPO, 'README.md'), 'utf8').match(/```ts\n[\s\S]*?```/g) ?? []
  const block = blocks.find((b) => b.startsWith(`\`\`\`ts\n// ${ROUTE}`))
  if (!block) throw new Error(`README.md has no \`${ROUTE}\` example`)
  return block.slice('```ts\n'.length, -'```'.length)
}

// Fails to compile if either is `any`: an unused @ts-expect-error is an error.
const PROBE = `import type { GET } from './${ROUTE.replace(/\.ts$/, '')}'
declare const c: Parameters<typeof GET>[0]
// @ts-expect-error c.env.KV is a KVNamespace, not any
export const kvIsNotAny: number = c.env.KV
// @ts-expect-error playcademyUser is a PlaycademyUser or undefined, not any
export const userIsNotAny: number = c.get('playcademyUser')
`

/** The README's example typed by `wrangler types` instead: `Env` from worker-configuration.d.ts. */
const WRANGLER_TYPES_ROUTE = readmeRoute()
  .replace(/import type \{ KvdevEnv \} from 'kvdev\/hono'/, "import 'kvdev/hono'")
  .replace('Context<KvdevEnv>', 'Context<{ Bindings: Env }>')

function tsconfig(include: string[], lib: string[]): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      lib,
      types: [],
    },
    include,
  })
}

describe('types of the packed package', { timeout: 120_000 }, () => {
  let dir: string
  let app: string
  const tsc = (project: string) =>
    spawnSync(join(app, 'node_modules/.bin/tsc'), ['-p', project], { cwd: app, encoding: 'utf8' })
  const write = (file: string, text: string) => {
    mkdirSync(resolve(app, file, '..'), { recursive: true })
    writeFileSync(join(app, file), text)
  }

  beforeAll(() => {
    if (!existsSync(join(REPO, 'dist/hono.d.ts'))) {
      throw new Error('The types test needs the built package: run `npm run build` first.')
    }
    dir = mkdtempSync(join(tmpdir(), 'kvdev-types-'))
    app = join(dir, 'app')
    mkdirSync(app)
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: REPO,
      encoding: 'utf8',
    }).trim()
    write('package.json', '{ "name": "app", "private": true, "type": "module" }')
    // A real install of the tarball (not a link), as a user's project gets it.
    execFileSync(
      'npm',
      [
        'install',
        join(dir, tarball),
        'hono',
        'vite',
        'typescript',
        '--prefer-offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
      ],
      { cwd: app, stdio: 'ignore' },
    )
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('type-checks the readme route under --strict with c.env.KV and playcademyUser typed', () => {
    write(ROUTE, readmeRoute())
    write('probe.ts', PROBE)
    write('tsconfig.json', tsconfig(['server', 'probe.ts'], ['ES2023', 'DOM']))
    const run = tsc('.')
    expect(run.stdout + run.stderr).toBe('')
    expect(run.status).toBe(0)
  })

  it('catches a route whose c.env is any', () => {
    write(ROUTE, readmeRoute().replace('Context<KvdevEnv>', 'Context'))
    write('probe.ts', PROBE)
    write('tsconfig.json', tsconfig(['server', 'probe.ts'], ['ES2023', 'DOM']))
    const run = tsc('.')
    expect(run.stdout).toMatch(/probe\.ts\(3,1\): error TS2578: Unused '@ts-expect-error'/)
    expect(run.stdout).not.toMatch(/probe\.ts\(5,1\)/)
  })

  it('types c.env from wrangler types and c.get from kvdev/hono together', async () => {
    write(
      'wrangler.jsonc',
      '{ "name": "game", "compatibility_date": "2025-01-01", "kv_namespaces": [{ "binding": "KV", "id": "kv-id" }] }',
    )
    const types = await runWrangler(app, ['types'], {}, 'current')
    expect(types.code, types.stderr).toBe(0)
    write(ROUTE, WRANGLER_TYPES_ROUTE)
    write('probe.ts', PROBE)
    // worker-configuration.d.ts carries the Workers runtime's globals: no DOM lib beside it.
    write(
      'tsconfig.json',
      tsconfig(['server', 'probe.ts', 'worker-configuration.d.ts'], ['ES2023']),
    )
    const run = tsc('.')
    expect(run.stdout + run.stderr).toBe('')
    expect(run.status).toBe(0)
  })
})
