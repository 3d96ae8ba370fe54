import type { Route } from './context'
import { clearKeys } from './routes/clear'
import { streamEvents } from './routes/events'
import { exportKeys } from './routes/export'
import { getInfo } from './routes/info'
import { inspectKey } from './routes/key'
import { countKeys, listKeys } from './routes/keys'
import { seedKeys } from './routes/seed'
import { getStats } from './routes/stats'
import { listUsers, setActiveUser } from './routes/users'
import { deleteValue, readValue } from './routes/value'
import { writeValue } from './routes/value-write'

/** kvdev's own endpoints, by path under `<base>/api/` and method. A Map, so no path reaches a prototype. */
export const API_ROUTES: ReadonlyMap<string, ReadonlyMap<string, Route>> = new Map(
  Object.entries({
    info: { GET: getInfo },
    keys: { GET: listKeys },
    count: { GET: countKeys },
    key: { GET: inspectKey },
    value: { GET: readValue, PUT: writeValue, DELETE: deleteValue },
    stats: { GET: getStats },
    seed: { POST: seedKeys },
    clear: { POST: clearKeys },
    export: { GET: exportKeys },
    events: { GET: streamEvents },
    users: { GET: listUsers },
    'users/active': { PUT: setActiveUser },
  }).map(([path, methods]) => [path, new Map(Object.entries(methods))]),
)

export type RouteMatch = { route: Route } | { notFound: true } | { notAllowed: string[] }

/** Finds the route for `path` (relative to `<base>/api/`); HEAD runs the GET route. */
export function matchRoute(method: string, path: string): RouteMatch {
  const methods = API_ROUTES.get(path)
  if (!methods) return { notFound: true }
  const route = methods.get(method === 'HEAD' ? 'GET' : method)
  return route ? { route } : { notAllowed: [...methods.keys()] }
}
