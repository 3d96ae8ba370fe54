import type { KvRuntime } from '../../runtime/create-kv'
import { bulkGet } from './bulk-get'
import { bulkDelete, bulkWrite } from './bulk-write'
import { CF_ERROR, CloudflareApiError, ok, toFailure } from './envelope'
import { listKeys } from './keys'
import { describeNamespace, findNamespace, listNamespaces } from './namespaces'
import { putValue } from './put-value'
import { deleteValue, getMetadata, getValue } from './values'

export { CF_ERROR } from './envelope'

type Handler = () => Promise<Response> | Response
type Routes = Partial<Record<string, Handler>>

/** The prefix every KV route shares: `accounts/:account_id/storage/kv/namespaces`. */
function isKvPath(segments: string[]): boolean {
  const [accounts, account, storage, kv, namespaces] = segments
  return (
    accounts === 'accounts' &&
    !!account &&
    storage === 'storage' &&
    kv === 'kv' &&
    namespaces === 'namespaces'
  )
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new CloudflareApiError(400, CF_ERROR.INVALID_REQUEST, 'Could not URL-decode key name')
  }
}

function noRoute(path: string) {
  return new CloudflareApiError(
    404,
    CF_ERROR.NO_ROUTE,
    `Could not route to /client/v4${path}, perhaps your object identifier is invalid?`,
  )
}

/** Namespaces come from the wrangler config; no API call may change configuration. */
const readOnlyNamespaces = () => {
  throw new CloudflareApiError(
    405,
    CF_ERROR.METHOD_NOT_ALLOWED,
    '[kvdev] Namespaces cannot be created, renamed or deleted through the local API. Add or change `kv_namespaces` in the wrangler config and restart the dev server.',
    { headers: { allow: 'GET' } },
  )
}

function dispatch(method: string, path: string, routes: Routes): Promise<Response> | Response {
  const handler = routes[method]
  if (handler) return handler()
  const allowed = Object.keys(routes).filter((m) => routes[m] !== readOnlyNamespaces)
  throw new CloudflareApiError(
    405,
    CF_ERROR.METHOD_NOT_ALLOWED,
    `Method ${method} is not allowed on /client/v4${path}. Allowed: ${allowed.join(', ')}.`,
    { headers: { allow: allowed.join(', ') } },
  )
}

function route(runtime: KvRuntime, request: Request, path: string): Promise<Response> | Response {
  const segments = path.split('/').slice(1)
  if (!isKvPath(segments)) throw noRoute(path)
  const params = new URL(request.url).searchParams
  const [nsSegment = '', resource, ...rest] = segments.slice(5)
  const method = request.method.toUpperCase()
  if (nsSegment === '' && resource === undefined) {
    return dispatch(method, path, {
      GET: () => listNamespaces(runtime, params),
      POST: readOnlyNamespaces,
    })
  }
  const nsId = decode(nsSegment)
  const use = (operation: string) => findNamespace(runtime, nsId, operation)
  const namespace = (operation: string) => runtime.env[use(operation).binding]!
  const store = (operation: string) => runtime.store(use(operation).binding)
  if (resource === undefined || (resource === '' && rest.length === 0)) {
    return dispatch(method, path, {
      GET: () => ok(describeNamespace(use('get namespace'))),
      PUT: readOnlyNamespaces,
      DELETE: readOnlyNamespaces,
    })
  }
  // Everything after `values/` is the key: a client that left `/` unencoded still reaches it.
  const key = () => rest.map(decode).join('/')
  if ((resource === 'values' || resource === 'metadata') && rest.length > 0) {
    if (resource === 'metadata') {
      return dispatch(method, path, { GET: () => getMetadata(namespace('get metadata'), key()) })
    }
    return dispatch(method, path, {
      GET: () => getValue(namespace('get'), key()),
      PUT: () => putValue(namespace('put'), key(), request),
      DELETE: () => deleteValue(namespace('remove key'), key()),
    })
  }
  const tail = rest.join('/')
  if (resource === 'keys' && tail === '') {
    return dispatch(method, path, { GET: () => listKeys(namespace('list keys'), params) })
  }
  if (resource === 'bulk' && tail === '') {
    return dispatch(method, path, {
      PUT: () => bulkWrite(store('bulk write'), request),
      DELETE: () => bulkDelete(store('bulk remove keys'), request),
    })
  }
  if (resource === 'bulk' && tail === 'delete') {
    return dispatch(method, path, { POST: () => bulkDelete(store('bulk remove keys'), request) })
  }
  if (resource === 'bulk' && tail === 'get') {
    return dispatch(method, path, { POST: () => bulkGet(namespace('bulk get keys'), request) })
  }
  throw noRoute(path)
}

/**
 * Cloudflare's Workers KV REST API (`/client/v4/accounts/:account_id/storage/kv/namespaces…`)
 * over the local store, so wrangler `--remote` and the official SDK work
 * against the dev server unchanged. Any account id is accepted; a namespace is
 * found by its id or its binding name. Authentication is the caller's job.
 *
 * @param runtime the KV runtime whose bindings and stores serve the calls; writes go
 *   through them, so every change reaches `runtime.onChange` listeners.
 * @returns a handler taking the request and the URL path after `/client/v4`, still
 *   percent-encoded (e.g. `/accounts/abc/storage/kv/namespaces/KV/values/user%3A1`).
 * @example
 * const api = createCloudflareApi(kv)
 * const response = await api(request, url.pathname.slice('/__kv/api/client/v4'.length))
 */
export function createCloudflareApi(
  runtime: KvRuntime,
): (request: Request, path: string) => Promise<Response> {
  return async (request, path) => {
    try {
      return await route(runtime, request, path.split('?')[0]!)
    } catch (error) {
      return toFailure(error)
    }
  }
}
