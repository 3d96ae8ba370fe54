import { existsSync, readFileSync } from 'node:fs'
import { basename, relative, resolve } from 'node:path'
import { addKvNamespace } from '../../config/add-kv-namespace'
import { findConfigPath } from '../../config/wrangler-config'
import type { FileChange } from './file-change'
import { planViteConfig } from './plan-vite'
import { getRouteTemplate, getWranglerTemplate, SEED_TEMPLATE, WRANGLER_SCHEMA } from './templates'

export interface InitPlan {
  changes: FileChange[]
  /** The Vite config kvdev could not edit, for the user to add the lines to. */
  viteAdvice?: string
}

const GITIGNORED = /^\/?\.wrangler(\/(\*\*?)?)?$/

function read(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/** A Worker name from package.json's name or the folder: lowercase letters, digits and dashes. */
function getWorkerName(root: string): string {
  let name: unknown
  try {
    name = JSON.parse(read(resolve(root, 'package.json')) ?? '{}').name
  } catch {}
  const raw =
    typeof name === 'string' && name !== '' ? name.replace(/^@[^/]*\//, '') : basename(root)
  const clean = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
  return clean || 'kvdev-app'
}

function planConfig(root: string, binding: string, env?: string, configPath?: string): FileChange {
  const path = configPath ? resolve(root, configPath) : findConfigPath(root)
  const shown = (p: string) => relative(root, p).split('\\').join('/')
  const where = env === undefined ? '' : ` in env.${env}`
  const entry = `{ "binding": "${binding}" }`
  const before = path && read(path)
  if (path && before !== undefined) {
    const after = addKvNamespace(before, path.endsWith('.toml') ? 'toml' : 'jsonc', binding, env)
    return after === undefined
      ? { path: shown(path), action: 'keep', note: `already binds ${binding}${where}` }
      : { path: shown(path), action: 'update', note: `adds ${entry}${where}`, before, after }
  }
  const target = path ?? resolve(root, 'wrangler.jsonc')
  const withSchema = existsSync(resolve(root, WRANGLER_SCHEMA))
  let after = getWranglerTemplate(getWorkerName(root), binding, new Date(), withSchema)
  if (env !== undefined) after = addKvNamespace(after, 'jsonc', binding, env) ?? after
  return { path: shown(target), action: 'create', note: `binds ${entry}${where}`, after }
}

function planNewFile(root: string, path: string, text: string, what: string): FileChange {
  return read(resolve(root, path)) === undefined
    ? { path, action: 'create', note: what, after: text }
    : { path, action: 'keep', note: 'exists, left as is' }
}

function planGitignore(root: string): FileChange {
  const before = read(resolve(root, '.gitignore'))
  if (before === undefined)
    return { path: '.gitignore', action: 'create', note: 'ignores .wrangler', after: '.wrangler\n' }
  if (before.split(/\r?\n/).some((line) => GITIGNORED.test(line.trim())))
    return { path: '.gitignore', action: 'keep', note: 'already ignores .wrangler' }
  const eol = before.includes('\r\n') ? '\r\n' : '\n'
  const body = before === '' || before.endsWith('\n') ? before : `${before}${eol}`
  return {
    path: '.gitignore',
    action: 'update',
    note: 'ignores .wrangler',
    before,
    after: `${body}.wrangler${eol}`,
  }
}

/** What `kvdev init` would do in `root`: reads files, writes none. */
export async function planInit(
  root: string,
  options: { binding: string; env?: string; configPath?: string },
): Promise<InitPlan> {
  const vite = await planViteConfig(root)
  return {
    changes: [
      planConfig(root, options.binding, options.env, options.configPath),
      planNewFile(root, 'seeds/kv.json', SEED_TEMPLATE, 'example seed data'),
      planNewFile(
        root,
        'server/api/player-state.ts',
        getRouteTemplate(options.binding),
        'example route: GET, POST and DELETE /api/player-state',
      ),
      planGitignore(root),
      vite.change,
    ],
    viteAdvice: vite.advise ? vite.change.path : undefined,
  }
}
