import type { Context } from 'hono'
import type { KvBindingConfig } from '../../config/wrangler-config'
import { API_LIMITS } from '../../constants'
import type { KvRuntime } from '../../runtime/create-kv-runtime'
import { CF_ERROR, cloudflareError, ok } from './envelope'

/**
 * Finds a namespace by any name a client may know it by: its local id, its
 * binding, or the production / preview id from the wrangler config (what
 * `wrangler kv … --namespace-id` users paste).
 */
export function findNamespace(runtime: KvRuntime, id: string, operation: string): KvBindingConfig {
  const found =
    runtime.bindings.find((b) => b.id === id) ??
    runtime.bindings.find((b) => b.binding === id || b.remoteId === id || b.previewId === id)
  if (!found) {
    throw cloudflareError(404, CF_ERROR.NAMESPACE_NOT_FOUND, `${operation}: 'namespace not found'`)
  }
  return found
}

export function describeNamespace(binding: KvBindingConfig) {
  return { id: binding.id, title: binding.binding, supports_url_encoding: true }
}

function readInteger(
  c: Context,
  name: string,
  fallback: number,
  min: number,
  max: number,
  code: number,
) {
  const raw = c.req.query(name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw cloudflareError(
      400,
      code,
      `Invalid ${name} of ${raw}. Please specify an integer from ${min} to ${max}.`,
    )
  }
  return value
}

function readChoice(c: Context, name: string, choices: string[], code: number) {
  const raw = c.req.query(name)
  if (raw === undefined || choices.includes(raw)) return raw
  throw cloudflareError(400, code, `Invalid ${name} of ${raw}. Use ${choices.join(' or ')}.`)
}

/** `GET /accounts/:account/storage/kv/namespaces?page&per_page&order&direction` */
export function listNamespaces(c: Context, runtime: KvRuntime) {
  const page = readInteger(c, 'page', 1, 1, Number.MAX_SAFE_INTEGER, CF_ERROR.MALFORMED_PAGE)
  const perPage = readInteger(
    c,
    'per_page',
    API_LIMITS.DEFAULT_NAMESPACES_PER_PAGE,
    API_LIMITS.MIN_NAMESPACES_PER_PAGE,
    API_LIMITS.MAX_NAMESPACES_PER_PAGE,
    CF_ERROR.MALFORMED_PER_PAGE,
  )
  const order = readChoice(c, 'order', ['id', 'title'], CF_ERROR.INVALID_ORDER)
  const direction = readChoice(c, 'direction', ['asc', 'desc'], CF_ERROR.INVALID_DIRECTION)
  const all = runtime.bindings.map(describeNamespace)
  if (order) {
    const field = order as 'id' | 'title'
    all.sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0))
  }
  if (direction === 'desc') all.reverse()
  const result = all.slice((page - 1) * perPage, page * perPage)
  return ok(c, result, {
    page,
    per_page: perPage,
    count: result.length,
    total_count: all.length,
    total_pages: Math.ceil(all.length / perPage),
  })
}
