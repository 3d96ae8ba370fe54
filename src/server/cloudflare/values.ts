import type { Context } from 'hono'
import type { KVNamespace } from '../../types/kv-namespace'
import { CF_ERROR, cloudflareError, ok } from './envelope'
import { checkKey } from './validate'

function keyNotFound(operation: string) {
  return cloudflareError(404, CF_ERROR.KEY_NOT_FOUND, `${operation}: 'key not found'`)
}

/** The expiry a one-key listing reports: the binding's get does not tell it. */
async function getExpiration(namespace: KVNamespace, key: string): Promise<number | undefined> {
  const page = await namespace.list({ prefix: key, limit: 1 })
  const first = page.keys[0]
  return first?.name === key ? first.expiration : undefined
}

/**
 * `GET …/values/:key`: the raw bytes, as an attachment so a browser never
 * renders stored data, and the `expiration` header when the key expires.
 */
export async function getValue(c: Context, namespace: KVNamespace, key: string) {
  checkKey(key)
  const [value, expiration] = await Promise.all([
    namespace.get(key, 'arrayBuffer'),
    getExpiration(namespace, key),
  ])
  if (value === null) throw keyNotFound('get')
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'content-disposition': 'attachment',
  }
  if (expiration !== undefined) headers.expiration = String(expiration)
  return c.body(value, 200, headers)
}

/** `GET …/metadata/:key`: the metadata, or `null` when the key has none. */
export async function getMetadata(c: Context, namespace: KVNamespace, key: string) {
  checkKey(key)
  const { value, metadata } = await namespace.getWithMetadata(key, 'arrayBuffer')
  if (value === null) throw keyNotFound('get')
  return ok(c, metadata ?? null)
}

/** `DELETE …/values/:key`: succeeds whether or not the key existed, as on Cloudflare. */
export async function deleteValue(c: Context, namespace: KVNamespace, key: string) {
  checkKey(key)
  await namespace.delete(key)
  return ok(c, {})
}
