const PARAM = /^\[([A-Za-z_$][\w$]*)\]$/
const CATCH_ALL = /^\[\.\.\.([A-Za-z_$][\w$]*)\]$/

/** One URL pattern segment, ranked so static segments match before params and catch-alls. */
interface Segment {
  pattern: string
  rank: 0 | 1 | 2
}

function toSegment(name: string, isLast: boolean): Segment | string {
  const catchAll = CATCH_ALL.exec(name)
  if (catchAll) {
    if (!isLast) return `a catch-all \`${name}\` must be the last segment`
    // Hono's `{.+}` lets the parameter span slashes, so `c.req.param('path')` reads `a/b/c`.
    return { pattern: `:${catchAll[1]}{.+}`, rank: 2 }
  }
  const param = PARAM.exec(name)
  if (param) return { pattern: `:${param[1]}`, rank: 1 }
  if (/[[\]:{}*?]/.test(name))
    return `\`${name}\` has characters that are not allowed in a route segment`
  return { pattern: name, rank: 0 }
}

export interface RoutePath {
  /** The Hono path pattern, e.g. `/api/users/:id`. */
  path: string
  /** Per-segment ranks, for ordering: more specific routes register first. */
  ranks: number[]
}

/**
 * Maps a route file (relative to the routes directory, extension removed) to its URL pattern:
 * `player-state` → `/api/player-state`, `users/index` → `/api/users`, `[id]` → `/api/:id`.
 * Returns a string describing the problem when the name cannot be a route.
 */
export function getRoutePath(base: string, relative: string): RoutePath | string {
  const names = relative.split('/')
  if (names[names.length - 1] === 'index') names.pop()
  const segments: Segment[] = []
  for (const [i, name] of names.entries()) {
    const segment = toSegment(name, i === names.length - 1)
    if (typeof segment === 'string') return segment
    segments.push(segment)
  }
  const prefix = base === '/' ? '' : base
  const path = `${prefix}/${segments.map((s) => s.pattern).join('/')}`
  return {
    path: path.length > 1 ? path.replace(/\/$/, '') : path,
    ranks: segments.map((s) => s.rank),
  }
}

/** Orders routes so that `/api/users/me` is tried before `/api/users/:id` and `/api/:path{.+}`. */
export function compareRoutePaths(a: RoutePath, b: RoutePath): number {
  const length = Math.max(a.ranks.length, b.ranks.length)
  for (let i = 0; i < length; i++) {
    const ra = a.ranks[i]
    const rb = b.ranks[i]
    if (ra === undefined) return -1
    if (rb === undefined) return 1
    if (ra !== rb) return ra - rb
  }
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
}
