import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { afterAll, describe, expect, it } from 'vitest'
import { parseJsonc } from '../../src/config/jsonc'
import { resolveWranglerConfig } from '../../src/config/wrangler-config'
import { runKvdev } from './helpers'

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-init-'))
  roots.push(root)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}

/** Every file of the project with its text, to show what a run changed. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files[path.slice(root.length + 1)] = readFileSync(path, 'utf8')
  }
  return files
}

const JSONC = `{
  // The game's worker.
  "name": "game",
  /* bindings */
  "kv_namespaces": [
    { "binding": "CACHE", "id": "cache-id" }, // the cache
  ],
}
`

const VITE_CONFIG = `import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The game's dev server.
export default defineConfig({
  plugins: [react()],
  server: { port: 3000 }, // fixed port
})
`

describe('kvdev init (issue 13)', { timeout: 60_000 }, () => {
  it('adds the binding to a wrangler.jsonc, keeping its comments and layout', async () => {
    const root = project({ 'wrangler.jsonc': JSONC, 'vite.config.ts': VITE_CONFIG })
    const result = await runKvdev(root, ['init'])
    expect(result.code).toBe(0)
    expect(readFileSync(join(root, 'wrangler.jsonc'), 'utf8')).toBe(
      JSONC.replace('// the cache\n', '// the cache\n    { "binding": "KV" },\n'),
    )
    expect(resolveWranglerConfig({ root }).bindings.map((b) => b.binding)).toStrictEqual([
      'CACHE',
      'KV',
    ])
    expect(Object.keys(snapshot(root)).sort()).toStrictEqual([
      '.gitignore',
      'seeds/kv.json',
      'server/api/player-state.ts',
      'vite.config.ts',
      'wrangler.jsonc',
    ])
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toBe('.wrangler\n')
    const route = readFileSync(join(root, 'server/api/player-state.ts'), 'utf8')
    for (const method of ['GET', 'POST', 'DELETE'])
      expect(route).toContain(`export async function ${method}(c: Context)`)
    expect(parseJsonc(readFileSync(join(root, 'seeds/kv.json'), 'utf8'))).toBeTypeOf('object')
    expect(result.stderr).toContain('updated wrangler.jsonc: adds { "binding": "KV" }')
    expect(result.stderr).toContain('updated vite.config.ts: adds kvdev() to plugins')
    expect(result.out).toBe('')
  })

  it('changes nothing on a second run, and says so', async () => {
    const root = project({ 'wrangler.jsonc': JSONC })
    expect((await runKvdev(root, ['init'])).code).toBe(0)
    const before = snapshot(root)
    const again = await runKvdev(root, ['init'])
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('[kvdev] KV binding KV is already set up. Nothing to change.')
    expect(snapshot(root)).toStrictEqual(before)
  })

  it('adds kv_namespaces to a wrangler.json that has none, as valid json', async () => {
    const text = '{\n    "name": "game",\n    "main": "src/index.ts"\n}\n'
    const root = project({ 'wrangler.json': text })
    expect((await runKvdev(root, ['init'])).code).toBe(0)
    const after = readFileSync(join(root, 'wrangler.json'), 'utf8')
    expect(after).toBe(
      '{\n    "name": "game",\n    "main": "src/index.ts",\n    "kv_namespaces": [\n        { "binding": "KV" }\n    ]\n}\n',
    )
    expect(JSON.parse(after).kv_namespaces).toStrictEqual([{ binding: 'KV' }])
  })

  it('appends a [[kv_namespaces]] table to a wrangler.toml, keeping the rest', async () => {
    const text = '# the game\nname = "game" # worker name\n\n[vars]\nMODE = "dev"'
    const root = project({ 'wrangler.toml': text })
    const result = await runKvdev(root, ['init', '--binding', 'GAME_KV'])
    expect(result.code).toBe(0)
    const after = readFileSync(join(root, 'wrangler.toml'), 'utf8')
    expect(after).toBe(`${text}\n\n[[kv_namespaces]]\nbinding = "GAME_KV"\n`)
    expect(parseToml(after)).toMatchObject({ vars: { MODE: 'dev' } })
    expect(resolveWranglerConfig({ root }).bindings).toStrictEqual([
      { binding: 'GAME_KV', id: 'GAME_KV', remoteId: undefined, previewId: undefined },
    ])
    expect(readFileSync(join(root, 'server/api/player-state.ts'), 'utf8')).toContain(
      'c.env.GAME_KV.get(',
    )
  })

  it('creates a wrangler.jsonc when the project has no wrangler config', async () => {
    const root = project({ 'package.json': '{ "name": "@acme/My Game" }' })
    expect((await runKvdev(root, ['init'])).code).toBe(0)
    const config = parseJsonc(readFileSync(join(root, 'wrangler.jsonc'), 'utf8'))
    // No wrangler installed in this project: no $schema pointing at a missing file (issue 20).
    expect(config).toStrictEqual({
      name: 'my-game',
      compatibility_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      kv_namespaces: [{ binding: 'KV' }],
    })
  })

  it('leaves a project that already has the binding and the files untouched', async () => {
    const root = project({
      'wrangler.toml': '[[kv_namespaces]]\nbinding = "KV"\nid = "abc"\n',
      'seeds/kv.json': '{"mine":"yes"}',
      'server/api/player-state.ts': '// my own route\n',
      '.gitignore': 'node_modules\n/.wrangler/\n',
      'vite.config.ts': "import kvdev from 'kvdev/vite'\n",
    })
    const before = snapshot(root)
    const result = await runKvdev(root, ['init'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('Nothing to change.')
    expect(snapshot(root)).toStrictEqual(before)
  })

  it('never overwrites a file the user wrote', async () => {
    const root = project({
      'wrangler.jsonc': JSONC,
      'server/api/player-state.ts': '// my own route\n',
      '.gitignore': 'dist',
    })
    const result = await runKvdev(root, ['init'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('kept server/api/player-state.ts: exists, left as is')
    expect(readFileSync(join(root, 'server/api/player-state.ts'), 'utf8')).toBe('// my own route\n')
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toBe('dist\n.wrangler\n')
  })

  it('prints the changes with --dry-run and writes nothing', async () => {
    const root = project({ 'wrangler.jsonc': JSONC, '.gitignore': 'node_modules\n' })
    const before = snapshot(root)
    const result = await runKvdev(root, ['init', '--dry-run'])
    expect(result.code).toBe(0)
    expect(snapshot(root)).toStrictEqual(before)
    expect(result.out).toContain(
      'update wrangler.jsonc: adds { "binding": "KV" }\n  @@ line 7\n  +     { "binding": "KV" },\n',
    )
    expect(result.out).toContain('create seeds/kv.json: example seed data\n  + {\n')
    expect(result.out).toContain(
      'update .gitignore: ignores .wrangler\n  @@ line 2\n  + .wrangler\n',
    )
    expect(result.stderr).toContain('[kvdev] Dry run: would change 5 files. Nothing was written.')
    const json = await runKvdev(root, ['init', '--dry-run', '--json'])
    expect(JSON.parse(json.out).changes.map((c: { action: string }) => c.action)).toStrictEqual([
      'update',
      'create',
      'create',
      'update',
      'create',
    ])
    expect(snapshot(root)).toStrictEqual(before)
  })

  it('refuses a bad binding name and --remote with exit 2', async () => {
    const root = project({ 'wrangler.jsonc': JSONC })
    const before = snapshot(root)
    const bad = await runKvdev(root, ['init', '--binding', 'my-kv'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('[kvdev] Invalid --binding: "my-kv".')
    expect((await runKvdev(root, ['init', '--remote'])).code).toBe(2)
    expect((await runKvdev(root, ['init', '--nope'])).code).toBe(2)
    expect(snapshot(root)).toStrictEqual(before)
  })
})

describe('kvdev init: vite config, $schema, all or nothing, links (issues 18 and 20)', {
  timeout: 60_000,
}, () => {
  it('adds kvdev() to an existing vite config with an edit of its syntax, keeping the rest', async () => {
    const root = project({ 'wrangler.jsonc': JSONC, 'vite.config.ts': VITE_CONFIG })
    expect((await runKvdev(root, ['init'])).code).toBe(0)
    expect(readFileSync(join(root, 'vite.config.ts'), 'utf8')).toBe(
      `import kvdev from 'kvdev/vite'\n${VITE_CONFIG.replace('plugins: [react()]', 'plugins: [react(), kvdev()]')}`,
    )
    const again = await runKvdev(root, ['init'])
    expect(again.stderr).toContain('Nothing to change.')
  })

  it('adds plugins to a config that has none, and to one held in a variable', async () => {
    const root = project({
      'vite.config.mjs': "const config = {\n  root: 'app',\n}\n\nexport default config\n",
    })
    expect((await runKvdev(root, ['init'])).code).toBe(0)
    const after = readFileSync(join(root, 'vite.config.mjs'), 'utf8')
    expect(after).toContain("root: 'app',")
    expect(after).toMatch(/plugins: \[kvdev\(\)\]/)
    expect(after.split('\n')[0]).toMatch(/^import kvdev from ["']kvdev\/vite["']$/)
  })

  it('creates vite.config.ts with kvdev() when the project has none', async () => {
    const root = project({ 'wrangler.jsonc': JSONC })
    const result = await runKvdev(root, ['init'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('created vite.config.ts: loads kvdev() in plugins')
    expect(readFileSync(join(root, 'vite.config.ts'), 'utf8')).toBe(
      "import kvdev from 'kvdev/vite'\nimport { defineConfig } from 'vite'\n\nexport default defineConfig({\n  plugins: [kvdev()],\n})\n",
    )
  })

  it('prints the lines for a config it cannot edit and leaves it as is', async () => {
    const text =
      "import { defineConfig } from 'vite'\n\nexport default defineConfig(({ mode }) => ({ base: mode }))\n"
    const root = project({ 'wrangler.jsonc': JSONC, 'vite.config.ts': text })
    const result = await runKvdev(root, ['init'])
    expect(result.code).toBe(0)
    expect(readFileSync(join(root, 'vite.config.ts'), 'utf8')).toBe(text)
    expect(result.stderr).toContain(
      "Add kvdev to vite.config.ts (or serve the routes with `kvdev dev`):\n  import kvdev from 'kvdev/vite'\n  plugins: [kvdev()],\n",
    )
  })

  it('writes $schema only when wrangler is installed in the project', async () => {
    const root = project({ 'node_modules/wrangler/config-schema.json': '{}' })
    expect((await runKvdev(root, ['init'])).code).toBe(0)
    const config = parseJsonc(readFileSync(join(root, 'wrangler.jsonc'), 'utf8'))
    expect((config as { $schema?: string }).$schema).toBe(
      'node_modules/wrangler/config-schema.json',
    )
  })

  it('writes nothing when one target is a dangling symlink (issue 18)', async () => {
    const root = project({ 'package.json': '{ "name": "game" }' })
    mkdirSync(join(root, 'server/api'), { recursive: true })
    symlinkSync(join(root, 'gone.ts'), join(root, 'server/api/player-state.ts'))
    const before = snapshot(root)
    const result = await runKvdev(root, ['init'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `[kvdev] kvdev init changed nothing: server/api/player-state.ts is a symlink to ${join(root, 'gone.ts')}, which does not exist.`,
    )
    expect(snapshot(root)).toStrictEqual(before)
    expect(existsSync(join(root, 'wrangler.jsonc'))).toBe(false)
    expect(existsSync(join(root, 'gone.ts'))).toBe(false)
    // --dry-run says the same, before anything would be written.
    expect((await runKvdev(root, ['init', '--dry-run'])).code).toBe(2)
  })

  it('refuses a .gitignore that links out of the project, and writes nothing (issue 18)', async () => {
    const outside = project({ 'shared-ignore': 'node_modules\n' })
    const root = project({ 'wrangler.jsonc': JSONC })
    symlinkSync(join(outside, 'shared-ignore'), join(root, '.gitignore'))
    const before = snapshot(root)
    const result = await runKvdev(root, ['init'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `Refusing to write .gitignore: .gitignore is a symlink that leads out of the project, to ${join(outside, 'shared-ignore')}.`,
    )
    expect(readFileSync(join(outside, 'shared-ignore'), 'utf8')).toBe('node_modules\n')
    expect(snapshot(root)).toStrictEqual(before)
  })

  it('writes through a link that stays inside the project', async () => {
    const root = project({ 'wrangler.jsonc': JSONC, 'config/gitignore': 'dist\n' })
    symlinkSync(join(root, 'config/gitignore'), join(root, '.gitignore'))
    expect((await runKvdev(root, ['init'])).code).toBe(0)
    expect(readFileSync(join(root, 'config/gitignore'), 'utf8')).toBe('dist\n.wrangler\n')
  })
})
