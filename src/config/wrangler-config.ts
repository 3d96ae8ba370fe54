import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { DEFAULT_BINDING } from '../constants'
import { KvdevError } from '../errors'
import { parseJsonc, stripBom } from './jsonc'

/** `smol-toml`, loaded only for a `wrangler.toml`: most projects read a `wrangler.jsonc`. */
const parseToml = (text: string): unknown =>
  (createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml')).parse(text)

const CONFIG_FILES = ['wrangler.jsonc', 'wrangler.json', 'wrangler.toml'] as const

export interface KvBindingConfig {
  binding: string
  /** The namespace id local tools use: `preview_id ?? id ?? binding`, as `wrangler dev` does. */
  id: string
  /** The production namespace id, for `--remote`. */
  remoteId?: string
  /** The preview namespace id, for `--remote --preview`. */
  previewId?: string
}

export interface WranglerConfig {
  /** The config file read, or undefined when the project has none. */
  path?: string
  /** Directory wrangler resolves `.wrangler/state` against. */
  dir: string
  bindings: KvBindingConfig[]
  vars: Record<string, unknown>
}

interface RawNamespace {
  binding?: unknown
  id?: unknown
  preview_id?: unknown
}

interface RawSection {
  kv_namespaces?: RawNamespace[]
  vars?: Record<string, unknown>
}

/** The files wrangler reads in `root`, in the order it prefers them. */
export function getConfigCandidates(root: string): string[] {
  return CONFIG_FILES.map((name) => resolve(root, name))
}

export function findConfigPath(root: string): string | undefined {
  return getConfigCandidates(root).find((path) => existsSync(path))
}

function parseConfigFile(path: string): RawSection & { env?: Record<string, RawSection> } {
  const text = readFileSync(path, 'utf8')
  try {
    return (path.endsWith('.toml') ? parseToml(stripBom(text)) : parseJsonc(text)) as RawSection
  } catch (cause) {
    throw new KvdevError('ERR_CONFIG', `Could not parse ${path}: ${(cause as Error).message}.`, {
      cause,
    })
  }
}

function readBindings(path: string, namespaces: unknown): KvBindingConfig[] {
  if (namespaces === undefined) return []
  if (!Array.isArray(namespaces)) {
    throw new KvdevError('ERR_CONFIG', `\`kv_namespaces\` in ${path} is not an array.`)
  }
  return namespaces.map((entry: RawNamespace, index) => {
    if (typeof entry?.binding !== 'string' || entry.binding === '') {
      throw new KvdevError(
        'ERR_CONFIG',
        `\`kv_namespaces[${index}].binding\` in ${path} is ${JSON.stringify(entry?.binding)}. Each KV namespace needs a binding name.`,
      )
    }
    const remoteId = typeof entry.id === 'string' ? entry.id : undefined
    const previewId = typeof entry.preview_id === 'string' ? entry.preview_id : undefined
    return {
      binding: entry.binding,
      id: previewId ?? remoteId ?? entry.binding,
      remoteId,
      previewId,
    }
  })
}

/**
 * Reads the KV bindings and vars from the project's wrangler config.
 * With no config file, the project gets one binding named `KV`.
 */
export function resolveWranglerConfig(
  options: { root?: string; configPath?: string; env?: string } = {},
): WranglerConfig {
  const root = resolve(options.root ?? process.cwd())
  const path = options.configPath ? resolve(root, options.configPath) : findConfigPath(root)
  if (options.configPath && !existsSync(path!)) {
    throw new KvdevError('ERR_CONFIG', `Config file not found: ${path}. Check \`configPath\`.`)
  }
  if (!path) {
    return { dir: root, bindings: [{ binding: DEFAULT_BINDING, id: DEFAULT_BINDING }], vars: {} }
  }
  const raw = parseConfigFile(path)
  let section: RawSection = raw
  if (options.env) {
    const envSection = raw.env?.[options.env]
    if (!envSection) {
      throw new KvdevError(
        'ERR_CONFIG',
        `No environment named "${options.env}" in ${path}. Add an \`env.${options.env}\` section or check \`env\`.`,
      )
    }
    section = envSection
  }
  const bindings = readBindings(path, section.kv_namespaces)
  return {
    path,
    dir: dirname(path),
    bindings: bindings.length > 0 ? bindings : [{ binding: DEFAULT_BINDING, id: DEFAULT_BINDING }],
    vars: { ...(section.vars ?? {}) },
  }
}
