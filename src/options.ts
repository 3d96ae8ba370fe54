import {
  DEFAULT_API_BASE,
  DEFAULT_INSPECTOR_BASE,
  DEFAULT_ROUTES_DIR,
  DEFAULT_SEED_FILE,
} from './constants'
import { KvdevError } from './errors'
import { type RealismOptions, resolveRealism } from './realism/options'
import type { KvdevPluginOptions } from './types'
import { createPersonas, type Personas } from './users/personas'

export interface ResolvedOptions {
  routes: string
  base: string
  entry: string | undefined
  configPath: string | undefined
  env: string | undefined
  persist: boolean | string
  personas: Personas
  /** The seed file, relative to the root; `explicit` when the user named it (then it must exist). */
  seed: { file: string; explicit: boolean } | null
  inspector: string | null
  /** Checked here; the runtime applies it. */
  realism: RealismOptions
  logRequests: boolean
}

const KNOWN = new Set<string>([
  'routes',
  'base',
  'entry',
  'configPath',
  'env',
  'persist',
  'user',
  'seed',
  'inspector',
  'realism',
  'logRequests',
])

function fail(option: string, value: unknown, rule: string): never {
  throw new KvdevError('ERR_OPTION', `Invalid \`${option}\`: ${JSON.stringify(value)}. ${rule}.`)
}

function optionalString(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '')
    fail(option, value, 'It must be a non-empty string')
  return value
}

/** A URL prefix: starts with `/`, no query, no trailing slash (except `/` itself). */
function urlBase(option: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    /[?#\s\\]/.test(value) ||
    value.includes('//')
  ) {
    fail(option, value, 'It must be a URL path starting with `/`, like "/api"')
  }
  return value.length > 1 ? value.replace(/\/+$/, '') : value
}

/** True when `path` is `base` or below it. */
function isWithin(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`)
}

/**
 * Normalises and validates the plugin options. Invalid values throw here, when the
 * plugin is created, naming the option, the value and the rule.
 */
export function resolveOptions(options: KvdevPluginOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail('options', options, 'Pass an object, like `kvdev({ routes: "server/api" })`')
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      fail(
        key,
        (options as Record<string, unknown>)[key],
        `Known options: ${[...KNOWN].join(', ')}`,
      )
  }
  const base = urlBase('base', options.base ?? DEFAULT_API_BASE)
  let inspector: string | null = null
  if (options.inspector !== false) {
    inspector = urlBase('inspector', options.inspector ?? DEFAULT_INSPECTOR_BASE)
    if (inspector === '/')
      fail('inspector', options.inspector, 'It must be a path below `/`, like "/__kv"')
    // `base: '/'` (an API-only server) is fine: the inspector answers first.
    if (isWithin(base, inspector) || (base !== '/' && isWithin(inspector, base)))
      fail('inspector', inspector, `It must not overlap \`base\` (${base})`)
  }
  const persist = options.persist ?? true
  if (typeof persist !== 'boolean' && (typeof persist !== 'string' || persist.trim() === '')) {
    fail('persist', persist, 'It must be true, false or a directory path')
  }
  let seed: ResolvedOptions['seed'] = { file: DEFAULT_SEED_FILE, explicit: false }
  if (options.seed === false) seed = null
  else if (options.seed !== undefined)
    seed = { file: optionalString('seed', options.seed)!, explicit: true }
  resolveRealism(options.realism)
  if (options.logRequests !== undefined && typeof options.logRequests !== 'boolean')
    fail('logRequests', options.logRequests, 'Use true or false')
  return {
    routes: optionalString('routes', options.routes) ?? DEFAULT_ROUTES_DIR,
    base,
    entry: optionalString('entry', options.entry),
    configPath: optionalString('configPath', options.configPath),
    env: optionalString('env', options.env),
    persist,
    personas: createPersonas(options.user),
    seed,
    inspector,
    realism: options.realism ?? {},
    logRequests: options.logRequests === true,
  }
}
