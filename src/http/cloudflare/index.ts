import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { API_LIMITS } from '../../constants'
import type { KvRuntime } from '../../runtime/create-kv-runtime'
import { limitBody } from '../body-limit'
import { harden } from '../respond'
import { bulkGet } from './bulk-get'
import { bulkDelete, bulkWrite } from './bulk-write'
import { CF_ERROR, cloudflareError, ok, toFailure } from './envelope'
import { listKeys } from './keys'
import { describeNamespace, findNamespace, listNamespaces } from './namespaces'
import { putValue } from './put-value'
import { jsonTooLarge } from './read-json'
import { deleteValue, getMetadata, getValue } from './values'

export { CF_ERROR } from './envelope'

/** The request's path after `/client/v4`, still percent-encoded, as Cloudflare's messages show it. */
function apiPath(c: Context): string {
  const { pathname } = new URL(c.req.url)
  const at = pathname.indexOf('/client/v4')
  return at === -1 ? pathname : pathname.slice(at + '/client/v4'.length)
}

/**
 * Everything after `values/` (or `metadata/`) is the key, decoded here from the raw path so a
 * key like `a%2Fb` stays one segment and a client that left `/` unencoded still reaches it.
 */
function getKeyParam(c: Context): string {
  // Hono's path keeps `%2F` and `%25` encoded, so decoding each segment once is exact.
  const raw = /\/namespaces\/[^/]*\/(?:values|metadata)\/(.*)$/.exec(c.req.path)
  try {
    return (raw?.[1] ?? '').split('/').map(decodeURIComponent).join('/')
  } catch {
    throw cloudflareError(400, CF_ERROR.INVALID_REQUEST, 'Could not URL-decode key name')
  }
}

/** Namespaces come from the wrangler config; no API call may change configuration. */
const readOnlyNamespaces: MiddlewareHandler = () => {
  throw cloudflareError(
    405,
    CF_ERROR.METHOD_NOT_ALLOWED,
    '[kvdev] Namespaces cannot be created, renamed or deleted through the local API. Add or change `kv_namespaces` in the wrangler config and restart the dev server.',
    { headers: { allow: 'GET' } },
  )
}

const notAllowed =
  (allowed: string[]): MiddlewareHandler =>
  (c) => {
    throw cloudflareError(
      405,
      CF_ERROR.METHOD_NOT_ALLOWED,
      `Method ${c.req.method} is not allowed on /client/v4${apiPath(c)}. Allowed: ${allowed.join(', ')}.`,
      { headers: { allow: allowed.join(', ') } },
    )
  }

const json = (limit: number) => limitBody(limit, jsonTooLarge(limit))

/**
 * Cloudflare's Workers KV REST API (`/client/v4/accounts/:account_id/storage/kv/namespaces…`)
 * over the local store, as a Hono app to mount at `<base>/api/client/v4`, so wrangler
 * `--remote` and the official SDK work against the dev server unchanged. Any account id is
 * accepted; a namespace is found by its id or its binding name. Errors answer in
 * Cloudflare's envelope; authentication is the mounting app's job.
 *
 * @param runtime the KV runtime whose bindings and stores serve the calls; writes go
 *   through them, so every change reaches `runtime.onChange` listeners.
 * @example
 * app.route('/__kv/api/client/v4', createCloudflareApi(kv))
 */
export function createCloudflareApi(runtime: KvRuntime) {
  const api = new Hono()
  api.use(harden)
  const ns = (c: Context, operation: string) =>
    findNamespace(runtime, c.req.param('ns')!, operation)
  const namespace = (c: Context, operation: string) => runtime.env[ns(c, operation).binding]!
  const store = (c: Context, operation: string) => runtime.store(ns(c, operation).binding)
  const base = '/accounts/:account_id/storage/kv/namespaces'

  for (const path of [base, `${base}/`]) {
    api.get(path, (c) => listNamespaces(c, runtime))
    api.post(path, readOnlyNamespaces)
    api.all(path, notAllowed(['GET']))
  }
  for (const path of [`${base}/:ns`, `${base}/:ns/`]) {
    api.get(path, (c) => ok(c, describeNamespace(ns(c, 'get namespace'))))
    api.on(['PUT', 'DELETE'], path, readOnlyNamespaces)
    api.all(path, notAllowed(['GET']))
  }
  const values = `${base}/:ns/values/:key{.*}`
  api.get(values, (c) => getValue(c, namespace(c, 'get'), store(c, 'get'), getKeyParam(c)))
  api.put(values, (c) => putValue(c, namespace(c, 'put'), getKeyParam(c)))
  api.delete(values, (c) => deleteValue(c, namespace(c, 'remove key'), getKeyParam(c)))
  api.all(values, notAllowed(['GET', 'PUT', 'DELETE']))
  const metadata = `${base}/:ns/metadata/:key{.*}`
  api.get(metadata, (c) => getMetadata(c, namespace(c, 'get metadata'), getKeyParam(c)))
  api.all(metadata, notAllowed(['GET']))
  api.get(`${base}/:ns/keys`, (c) => listKeys(c, namespace(c, 'list keys')))
  api.all(`${base}/:ns/keys`, notAllowed(['GET']))
  const bulkDeleteRoute = json(API_LIMITS.MAX_BULK_DELETE_BODY_BYTES)
  api.put(`${base}/:ns/bulk`, json(API_LIMITS.MAX_BULK_WRITE_BODY_BYTES), (c) =>
    bulkWrite(c, store(c, 'bulk write')),
  )
  // wrangler still sends the legacy `DELETE …/bulk`.
  api.delete(`${base}/:ns/bulk`, bulkDeleteRoute, (c) =>
    bulkDelete(c, store(c, 'bulk remove keys')),
  )
  api.all(`${base}/:ns/bulk`, notAllowed(['PUT', 'DELETE']))
  api.post(`${base}/:ns/bulk/delete`, bulkDeleteRoute, (c) =>
    bulkDelete(c, store(c, 'bulk remove keys')),
  )
  api.all(`${base}/:ns/bulk/delete`, notAllowed(['POST']))
  api.post(`${base}/:ns/bulk/get`, json(API_LIMITS.MAX_BULK_GET_BODY_BYTES), (c) =>
    bulkGet(c, namespace(c, 'bulk get keys'), store(c, 'bulk get keys')),
  )
  api.all(`${base}/:ns/bulk/get`, notAllowed(['POST']))
  api.all('*', (c) => {
    throw cloudflareError(
      404,
      CF_ERROR.NO_ROUTE,
      `Could not route to /client/v4${apiPath(c)}, perhaps your object identifier is invalid?`,
    )
  })
  api.onError((error) => toFailure(error))
  return api
}
