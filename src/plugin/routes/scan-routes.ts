import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { compareRoutePaths, getRoutePath, type RoutePath } from './route-path'

const ROUTE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/
const NOT_A_ROUTE = /\.d\.[cm]?ts$|\.(?:test|spec)\.[^.]+$/

export interface RouteFile extends RoutePath {
  /** Absolute path of the file. */
  file: string
  /** Path relative to the routes directory, for messages. */
  name: string
  mtimeMs: number
}

export interface RouteScan {
  routes: RouteFile[]
  /** Files that look like routes but cannot be mapped, with the reason. */
  skipped: { name: string; reason: string }[]
}

function walk(dir: string, out: string[]): void {
  let entries: import('node:fs').Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return // a missing routes directory means no routes yet
  }
  for (const entry of entries) {
    // `_helpers.ts` and `.hidden` files sit next to routes without becoming routes.
    if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path, out)
    else if (ROUTE_FILE.test(entry.name) && !NOT_A_ROUTE.test(entry.name)) out.push(path)
  }
}

/** Lists the route files under `dir`, mapped to URL patterns under `base`, most specific first. */
export function scanRoutes(dir: string, base: string): RouteScan {
  const files: string[] = []
  walk(dir, files)
  const routes: RouteFile[] = []
  const skipped: RouteScan['skipped'] = []
  for (const file of files) {
    const name = relative(dir, file).split('\\').join('/')
    const mapped = getRoutePath(base, name.replace(ROUTE_FILE, ''))
    if (typeof mapped === 'string') {
      skipped.push({ name, reason: mapped })
      continue
    }
    let mtimeMs = 0
    try {
      mtimeMs = statSync(file).mtimeMs
    } catch {
      continue // deleted between readdir and stat
    }
    routes.push({ ...mapped, file, name, mtimeMs })
  }
  routes.sort(compareRoutePaths)
  const byPath = new Map<string, RouteFile>()
  const unique = routes.filter((route) => {
    const first = byPath.get(route.path)
    if (!first) return byPath.set(route.path, route)
    skipped.push({ name: route.name, reason: `it maps to ${route.path}, like ${first.name}` })
    return false
  })
  return { routes: unique, skipped }
}
