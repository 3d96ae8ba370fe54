import { Hono, type MiddlewareHandler } from 'hono'
import { API_LIMITS } from '../constants'
import { httpError } from '../errors'
import { limitBody } from './body-limit'
import type { KvdevApiEnv } from './env'
import { clearKeys } from './routes/clear'
import { streamEvents } from './routes/events'
import { exportKeys } from './routes/export'
import { getInfo } from './routes/info'
import { inspectKey } from './routes/key'
import { countKeys, listKeys } from './routes/keys'
import { setLocation } from './routes/location'
import { getRealism } from './routes/realism'
import { streamRequests } from './routes/request-events'
import { seedKeys } from './routes/seed'
import * as snapshots from './routes/snapshots'
import { getStats } from './routes/stats'
import { advanceClock, getClock, previewClock } from './routes/time'
import { getUsage, listRequests } from './routes/usage'
import { listUsers, setActiveUser } from './routes/users'
import { deleteValue, readValue } from './routes/value'
import { writeValue } from './routes/value-write'

/** kvdev's endpoints under `<base>/api/`, with the methods each takes. */
const ROUTES: Record<string, string[]> = {
  info: ['GET'],
  keys: ['GET'],
  count: ['GET'],
  key: ['GET'],
  value: ['GET', 'PUT', 'DELETE'],
  stats: ['GET'],
  usage: ['GET'],
  realism: ['GET'],
  location: ['PUT'],
  requests: ['GET'],
  'requests/events': ['GET'],
  seed: ['POST'],
  clear: ['POST'],
  export: ['GET'],
  events: ['GET'],
  users: ['GET'],
  'users/active': ['PUT'],
  time: ['GET'],
  'time/preview': ['GET'],
  'time/advance': ['POST'],
  snapshots: ['GET', 'POST'],
  'snapshots/restore': ['POST'],
  'snapshots/diff': ['GET'],
  'snapshots/delete': ['POST'],
}

const limit = (maxSize: number) =>
  limitBody(maxSize, (length, exact) =>
    httpError(
      413,
      `Request body too large: ${exact ? length : `more than ${maxSize}`} bytes. The limit for this route is ${maxSize} bytes.`,
    ),
  )

const notAllowed =
  (methods: string[]): MiddlewareHandler =>
  (c) => {
    throw httpError(
      405,
      `Method not allowed: ${c.req.method} ${new URL(c.req.url).pathname}. Use ${methods.join(', ')}.`,
      { headers: { allow: methods.join(', ') } },
    )
  }

/**
 * kvdev's own HTTP API, the inspector's and the CLI's, as a Hono app to mount at
 * `<base>/api` behind the guard. Its type (`KvdevApi`) is what the inspector's typed
 * client (`hc<KvdevApi>`) reads requests and responses from.
 */
export function createKvdevApi() {
  const api = new Hono<KvdevApiEnv>()
    .get('/info', getInfo)
    .get('/keys', listKeys)
    .get('/count', countKeys)
    .get('/key', inspectKey)
    .get('/value', readValue)
    .put('/value', limit(API_LIMITS.MAX_VALUE_BODY_BYTES), writeValue)
    .delete('/value', deleteValue)
    .get('/stats', getStats)
    .get('/usage', getUsage)
    .get('/realism', getRealism)
    .put('/location', limit(API_LIMITS.MAX_SMALL_BODY_BYTES), setLocation)
    .get('/requests', listRequests)
    .get('/requests/events', streamRequests)
    .post('/seed', limit(API_LIMITS.MAX_SEED_BODY_BYTES), seedKeys)
    .post('/clear', clearKeys)
    .get('/export', exportKeys)
    .get('/events', streamEvents)
    .get('/users', listUsers)
    .put('/users/active', limit(API_LIMITS.MAX_SMALL_BODY_BYTES), setActiveUser)
    .get('/time', getClock)
    .get('/time/preview', previewClock)
    .post('/time/advance', limit(API_LIMITS.MAX_SMALL_BODY_BYTES), advanceClock)
    .get('/snapshots', snapshots.listSnapshots)
    .post('/snapshots', limit(API_LIMITS.MAX_SMALL_BODY_BYTES), snapshots.saveSnapshot)
    .post('/snapshots/restore', limit(API_LIMITS.MAX_SMALL_BODY_BYTES), snapshots.restoreSnapshot)
    .get('/snapshots/diff', snapshots.diffSnapshots)
    .post('/snapshots/delete', limit(API_LIMITS.MAX_SMALL_BODY_BYTES), snapshots.deleteSnapshot)
  for (const [path, methods] of Object.entries(ROUTES)) api.all(`/${path}`, notAllowed(methods))
  api.all('*', (c) => {
    throw httpError(
      404,
      `No API route: ${new URL(c.req.url).pathname}. Routes: ${Object.keys(ROUTES).join(', ')}.`,
    )
  })
  return api
}

export type KvdevApi = ReturnType<typeof createKvdevApi>
