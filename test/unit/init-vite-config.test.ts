import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { planViteConfig } from '../../src/cli/init/plan-vite'

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

async function plan(name: string, text: string) {
  const root = mkdtempSync(join(tmpdir(), 'kvdev-vite-'))
  roots.push(root)
  writeFileSync(join(root, name), text)
  return planViteConfig(root)
}

describe('planViteConfig (issue 20)', () => {
  it('adds kvdev() to defineConfig, keeping layout, comments and the final newline', async () => {
    const text =
      "import { defineConfig } from 'vite'\n\n// dev server\nexport default defineConfig({\n  plugins: [],\n  server: { port: 3000 }, // fixed\n})\n"
    const { change, advise } = await plan('vite.config.ts', text)
    expect(advise).toBe(false)
    expect(change).toMatchObject({ path: 'vite.config.ts', action: 'update', before: text })
    expect(change.after).toBe(
      `import kvdev from 'kvdev/vite'\n${text.replace('plugins: []', 'plugins: [kvdev()]')}`,
    )
  })

  it('keeps semicolons in a file that has them', async () => {
    const text =
      "import { defineConfig } from 'vite';\nexport default defineConfig({ plugins: [] });\n"
    const { change } = await plan('vite.config.mts', text)
    expect(change.after?.split('\n')[0]).toBe("import kvdev from 'kvdev/vite';")
  })

  it('edits a config held in a variable', async () => {
    const { change } = await plan(
      'vite.config.mjs',
      "const config = {\n  root: 'app',\n}\n\nexport default config\n",
    )
    expect(change.action).toBe('update')
    expect(change.after).toContain("root: 'app',\n  plugins: [kvdev()]")
  })

  it('leaves a config function and commonjs to the user', async () => {
    for (const [name, text] of [
      [
        'vite.config.ts',
        "import { defineConfig } from 'vite'\nexport default defineConfig(({ mode }) => ({ base: mode }))\n",
      ],
      ['vite.config.cjs', 'module.exports = { plugins: [] }\n'],
    ] as const) {
      const result = await plan(name, text)
      expect(result.advise, name).toBe(true)
      expect(result.change).toMatchObject({ path: name, action: 'keep' })
    }
  })

  it('keeps a config that already imports kvdev/vite', async () => {
    const { change, advise } = await plan(
      'vite.config.js',
      "import kvdev from 'kvdev/vite'\nexport default { plugins: [kvdev({ base: '/kv' })] }\n",
    )
    expect(advise).toBe(false)
    expect(change).toMatchObject({ action: 'keep', note: 'already loads kvdev/vite' })
  })
})
