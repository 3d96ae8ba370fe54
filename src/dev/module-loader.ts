import { readFileSync } from 'node:fs'
import * as nodeModule from 'node:module'
import { extname, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { constants, Script } from 'node:vm'
import { findSyntaxError } from './find-syntax-error'
import { quietly } from './quietly'

/** The query parameter that names a module's loader and version: `?kvdev-dev=<loader>.<version>`. */
const PARAM = 'kvdev-dev'
/** Files the loader runs itself; others (packages, `.cjs`, `.cts`) go to Node as they are. */
const SOURCE_FILE = /\.(?:[mc]?ts|[mc]?js|json)$/
const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT'])

export interface ModuleLoader {
  /** Runs `file` (TypeScript or JavaScript), or gives the copy already run at its version. */
  import(file: string): Promise<Record<string, unknown>>
  /** The files `file` imports or is imported by, run by this loader so far. */
  importersOf(file: string): ReadonlySet<string>
  /** True once `file` has been run by this loader. */
  has(file: string): boolean
  /** Makes the next import of `file`, and of every module importing it, run it again. */
  invalidate(file: string): void
  /** Stops answering for this loader's modules. */
  dispose(): void
}

interface LoaderState {
  versions: Map<string, number>
  importers: Map<string, Set<string>>
  /** What each file last ran as: a syntax error is looked for in these. */
  sources: Map<string, string>
  /** Told about each file that joins the module graph, to watch it. */
  onFile(file: string): void
  /** JavaScript from a TypeScript module. */
  strip(source: string, file: string): string
}

type Hooks = Parameters<typeof nodeModule.registerHooks>[0]
type Resolve = NonNullable<Hooks['resolve']>
type ResolveContext = Parameters<Resolve>[1]
type NextResolve = Parameters<Resolve>[2]

// Node's module hooks are per process: one pair serves every loader, found by the id in a
// module's URL.
const LOADERS = Symbol.for('kvdev.dev-module-loaders')
const scope = globalThis as { [LOADERS]?: Map<string, LoaderState> }

const isRelative = (specifier: string) => /^\.{1,2}(?:\/|$)|^\//.test(specifier)

/** What TypeScript and Vite resolve that Node does not: `./a` → `./a.ts`, `./a.js` → `./a.ts`. */
function getCandidates(specifier: string): string[] {
  if (/\.m?js$/.test(specifier)) return [specifier.replace(/js$/, 'ts')]
  const bare = specifier.replace(/\/$/, '')
  return ['.ts', '.mts', '.js', '.mjs', '/index.ts', '/index.js'].map((ext) => bare + ext)
}

function resolveLikeTypeScript(specifier: string, context: ResolveContext, next: NextResolve) {
  try {
    return next(specifier, context)
  } catch (error) {
    if (!isRelative(specifier) || !NOT_FOUND.has((error as { code?: string }).code ?? ''))
      throw error
    for (const candidate of getCandidates(specifier)) {
      try {
        return next(candidate, context)
      } catch {}
    }
    throw error
  }
}

/** The loader and file a module URL of ours names, or undefined for any other URL. */
function getOwner(url: string | undefined) {
  if (!url?.startsWith('file:') || !url.includes(`${PARAM}=`)) return undefined
  const parsed = new URL(url)
  const [id] = (parsed.searchParams.get(PARAM) ?? '').split('.')
  const state = scope[LOADERS]?.get(id ?? '')
  return state && { id: id!, state, file: fileURLToPath(parsed) }
}

const isSource = (file: string) =>
  SOURCE_FILE.test(file) && !file.includes(`${sep}node_modules${sep}`)

function urlOf(id: string, state: LoaderState, file: string): string {
  return `${pathToFileURL(file).href}?${PARAM}=${id}.${state.versions.get(file) ?? 0}`
}

const HOOKS: Hooks = {
  resolve(specifier, context, next) {
    const parent = getOwner(context.parentURL)
    if (!parent) return next(specifier, context)
    const resolved = resolveLikeTypeScript(specifier, context, next)
    if (!resolved.url.startsWith('file:')) return resolved
    const file = fileURLToPath(resolved.url)
    if (!isSource(file)) return resolved
    const { state, id } = parent
    if (!state.versions.has(file)) {
      state.versions.set(file, 0)
      state.onFile(file)
    }
    const importers = state.importers.get(file) ?? new Set()
    importers.add(parent.file)
    state.importers.set(file, importers)
    return { url: urlOf(id, state, file), format: 'module', shortCircuit: true }
  },
  load(url, context, next) {
    const owner = getOwner(url)
    if (!owner) return next(url, context)
    const { file } = owner
    const text = readFileSync(file, 'utf8')
    const ext = extname(file)
    // As Vite does: JSON imports need no `with { type: 'json' }`, and `.js` files are modules.
    const source =
      ext === '.json'
        ? `export default JSON.parse(${JSON.stringify(text)})`
        : ext.endsWith('ts')
          ? owner.state.strip(text, file)
          : text
    owner.state.sources.set(file, source)
    return { format: 'module', source, shortCircuit: true }
  },
}

// Registered only while a route module loads: with any hook in place Node loads every CommonJS
// package through its ESM loader, which lexes each file (Miniflare's start took twice as long).
let registered: { deregister(): void } | undefined
let loading = 0

async function withHooks<T>(work: () => Promise<T>): Promise<T> {
  if (loading++ === 0) registered = nodeModule.registerHooks(HOOKS)
  try {
    return await work()
  } finally {
    if (--loading === 0) registered?.deregister()
  }
}

let nextId = 0

/** A syntax error with the file and line it is in, when V8's names neither. */
function withFile(error: unknown, state: LoaderState): unknown {
  if (!(error instanceof SyntaxError) || error.message.startsWith('[kvdev]')) return error
  const where = findSyntaxError(state.sources)
  if (!where) return error
  return new SyntaxError(
    `[kvdev] JavaScript that does not parse: ${where} (${error.message}). Fix the file: its route answers again once it is saved.`,
    { cause: error },
  )
}

/**
 * Node's own `import()`, out of reach of a bundler's or test runner's rewrite of `import()`
 * (Vitest runs modules through Vite's runner): only Node's loader runs the hooks above.
 */
const viaNode = new Script('(url) => import(url)', {
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
}).runInThisContext() as (url: string) => Promise<Record<string, unknown>>
const nativeImport = (url: string) =>
  quietly('vm.USE_MAIN_CONTEXT_DEFAULT_LOADER', () => viaNode(url))

/**
 * Runs the route files and what they import in this process, through Node's own module loader:
 * TypeScript types stripped by Node, imports resolved as TypeScript does (`./a` and `./a.js`
 * find `./a.ts`), packages as Node resolves them. Each module's URL carries its version, so an
 * edit re-runs the edited module and its importers on their next import, as Vite's module
 * runner does; the old copies stay in Node's cache (a dev server's memory, not a leak of data).
 */
export function createModuleLoader(options: Pick<LoaderState, 'onFile' | 'strip'>): ModuleLoader {
  scope[LOADERS] ??= new Map()
  const loaders = scope[LOADERS]
  const id = String(nextId++)
  const state: LoaderState = {
    versions: new Map(),
    importers: new Map(),
    sources: new Map(),
    onFile: options.onFile,
    strip: options.strip,
  }
  loaders.set(id, state)
  return {
    async import(file) {
      if (!state.versions.has(file)) {
        state.versions.set(file, 0)
        state.onFile(file)
      }
      try {
        return await withHooks(() => nativeImport(urlOf(id, state, file)))
      } catch (error) {
        throw withFile(error, state)
      }
    },
    importersOf: (file) => state.importers.get(file) ?? new Set(),
    has: (file) => state.versions.has(file),
    invalidate(file) {
      const queue = [file]
      const seen = new Set<string>()
      for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
        if (seen.has(next) || !state.versions.has(next)) continue
        seen.add(next)
        state.versions.set(next, state.versions.get(next)! + 1)
        queue.push(...(state.importers.get(next) ?? []))
      }
    },
    dispose: () => void loaders.delete(id),
  }
}
