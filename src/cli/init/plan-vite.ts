import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { FileChange } from './file-change'
import { VITE_TEMPLATE } from './templates'

const VITE_CONFIGS = ['ts', 'mts', 'js', 'mjs', 'cts', 'cjs'].map((ext) => `vite.config.${ext}`)
const IMPORTS_KVDEV = /["']kvdev\/vite["']/
const KVDEV_IMPORT_LINE = /^(import kvdev from ["']kvdev\/vite["']);$/m

export interface VitePlan {
  change: FileChange
  /** True when kvdev could not edit the config itself: the user adds the lines. */
  advise: boolean
}

/**
 * `kvdev()` added to the project's `vite.config.*` with a syntax-aware edit (magicast: the config's
 * AST, printed back by recast, so the rest keeps its layout and comments), or a new
 * `vite.config.ts`. A config magicast cannot edit (a function, CommonJS) is left to the user.
 */
export async function planViteConfig(root: string): Promise<VitePlan> {
  const path = VITE_CONFIGS.find((name) => existsSync(resolve(root, name)))
  if (path === undefined) {
    const note = 'loads kvdev() in plugins'
    return {
      change: { path: 'vite.config.ts', action: 'create', note, after: VITE_TEMPLATE },
      advise: false,
    }
  }
  const before = readFileSync(resolve(root, path), 'utf8')
  if (IMPORTS_KVDEV.test(before))
    return { change: { path, action: 'keep', note: 'already loads kvdev/vite' }, advise: false }
  const after = await addKvdevPlugin(before)
  if (after === undefined) {
    const note = 'kvdev cannot edit this form of config: add the lines below'
    return { change: { path, action: 'keep', note }, advise: true }
  }
  return {
    change: { path, action: 'update', note: 'adds kvdev() to plugins', before, after },
    advise: false,
  }
}

/** The config with kvdev's import and `kvdev()` in `plugins`, or undefined when magicast cannot place it. */
async function addKvdevPlugin(text: string): Promise<string | undefined> {
  // Loaded here only: the parser is large, and no other command needs it.
  const { parseModule, generateCode } = await import('magicast')
  const helpers = await import('magicast/helpers')
  let code: string
  try {
    const mod = parseModule(text)
    helpers.addVitePlugin(mod, { from: 'kvdev/vite', constructor: 'kvdev' })
    code = generateCode(mod).code
    // magicast adds the import even where it found no `plugins` to extend (a config function).
    const after = parseModule(code)
    const config =
      after.exports.default?.$type === 'identifier'
        ? helpers.getConfigFromVariableDeclaration(after).config
        : helpers.getDefaultExportOptions(after)
    const plugins: unknown = config?.plugins
    const calls = Array.isArray(plugins) ? (plugins as { $type?: string; $callee?: string }[]) : []
    // magicast's array proxy answers `some` with false here; `map` sees the items.
    const names = calls.map((p) => (p?.$type === 'function-call' ? p.$callee : undefined))
    if (!names.includes('kvdev')) return undefined
  } catch {
    return undefined
  }
  // recast prints the new import with a semicolon and drops the final newline; the file keeps
  // its own style.
  if (!/;\s*$/m.test(text)) code = code.replace(KVDEV_IMPORT_LINE, '$1')
  return text.endsWith('\n') && !code.endsWith('\n') ? `${code}\n` : code
}
