import { resolve, sep } from 'node:path'
import { CLOUDFLARE_STATE_DIR, KVDEV_STATE_SUBDIR, WRANGLER_STATE_DIR } from '../constants'
import type { ResolvedOptions } from '../options'
import { resolvePersistRoot } from '../runtime/persist-root'

/**
 * What Vite must never hand to a browser (CONTRIBUTING.md#security, *Protected files*): secrets files, the KV state
 * directory (server.json holds the token) and the route sources, which are server code.
 */
export interface ProtectedPaths {
  /** Directories whose every file stays on the server, absolute, `/`-separated. */
  dirs: string[]
  /** Single files (the `entry` module), absolute, `/`-separated. */
  files: string[]
}

/** `.dev.vars`, `.dev.vars.<env>`, `.env`, `.env.<mode>`, `.env.local`: wrangler and Vite read them. */
const SECRETS_NAME = /^\.(?:dev\.vars|env)(?:\..*)?$/i
export const SECRETS_GLOBS = ['.dev.vars', '.dev.vars.*', '.env', '.env.*']
/** wrangler's and @cloudflare/vite-plugin 2's state directories wherever they sit (a nested project has its own). */
const STATE_DIRS = [WRANGLER_STATE_DIR, CLOUDFLARE_STATE_DIR]
const STATE_SEGMENTS = STATE_DIRS.map((dir) => dir.split('/'))
export const STATE_DIR_GLOBS = STATE_DIRS.map((dir) => `**/${dir}/**`)
const EXTENSION = /\.[^./]*$/

const toSlashes = (path: string) => path.split(sep).join('/')
const isInside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep)

/** The store's directories: the persistence root, or its parts when it holds the whole app. */
export function getStateDirs(root: string, options: Pick<ResolvedOptions, 'persist'>): string[] {
  const persistRoot = resolvePersistRoot(root, options.persist)
  if (!persistRoot) return []
  // `persist: '.'` or a parent: keep the store and kvdev's files away, not the whole app.
  if (isInside(root, persistRoot)) {
    return [resolve(persistRoot, 'v3'), resolve(persistRoot, KVDEV_STATE_SUBDIR)].map(toSlashes)
  }
  return [toSlashes(persistRoot)]
}

export function getProtectedPaths(root: string, options: ResolvedOptions): ProtectedPaths {
  const routesDir = resolve(root, options.routes)
  // Routes at the root (or above) would refuse the whole app: then only the state stays away.
  const dirs = isInside(root, routesDir) ? [] : [toSlashes(routesDir)]
  const files = options.entry ? [toSlashes(resolve(root, options.entry))] : []
  return { dirs: [...dirs, ...getStateDirs(root, options)], files }
}

export function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!+@]/g, '\\$&')
}

/** The same paths as globs, for `server.fs.deny` and `server.watch.ignored`. */
export function toGlobs(paths: ProtectedPaths): string[] {
  return [
    ...SECRETS_GLOBS,
    ...STATE_DIR_GLOBS,
    ...paths.dirs.flatMap((dir) => [escapeGlob(dir), `${escapeGlob(dir)}/**`]),
    ...paths.files.map(escapeGlob),
  ]
}

function hasStateSegments(segments: string[]): boolean {
  return STATE_SEGMENTS.some((dir) => {
    for (let i = 0; i + dir.length <= segments.length; i++) {
      if (dir.every((name, j) => segments[i + j] === name)) return true
    }
    return false
  })
}

/**
 * True when `file` (absolute) is a secrets file, inside the state directory or a route
 * directory, or the entry module (with or without its extension, as Vite resolves both).
 * Case-insensitive: on macOS and Windows `/.DEV.VARS` opens `.dev.vars`.
 */
export function isProtectedPath(paths: ProtectedPaths, file: string): boolean {
  const path = toSlashes(file).toLowerCase().replace(/\/+$/, '')
  const segments = path.split('/')
  if (SECRETS_NAME.test(segments.at(-1)!) || hasStateSegments(segments)) return true
  for (const dir of paths.dirs) {
    const lower = dir.toLowerCase()
    if (path === lower || path.startsWith(`${lower}/`)) return true
  }
  const bare = path.replace(EXTENSION, '')
  return paths.files.some((entry) => bare === entry.toLowerCase().replace(EXTENSION, ''))
}
