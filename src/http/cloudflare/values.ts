import type { Context } from 'hono'
import { METADATA_HEADER } from '../../constants'
import type { KvStore } from '../../runtime/store'
import type { KVNamespace } from '../../types/kv-namespace'
import { CF_ERROR, cloudflareError, ok } from './envelope'
import { checkKey } from './validate'

function keyNotFound(operation: string) {
  return cloudflareError(404, CF_ERROR.KEY_NOT_FOUND, `${operation}: 'key not found'`)
}

/** The expiry the store reports (the binding's get does not tell it); exact for keys with NUL too. */
export async function getExpiration(store: KvStore, key: string): Promise<number | undefined> {
  return (await store.find(key))?.expiration
}

/**
 * `GET …/values/:key`: the raw bytes, as an attachment so a browser never
 * renders stored data, the `expiration` header when the key expires, and kvdev's
 * metadata header when it has metadata (value and metadata from one read).
 */
export async function getValue(c: Context, namespace: KVNamespace, store: KvStore, key: string) {
  checkKey(key)
  const [{ value, metadata }, expiration] = await Promise.all([
    namespace.getWithMetadata(key, 'arrayBuffer'),
    getExpiration(store, key),
  ])
  if (value === null) throw keyNotFound('get')
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'content-disposition': 'attachment',
  }
  if (expiration !== undefined) headers.expiration = String(expiration)
  if (metadata !== null && metadata !== undefined) {
    headers[METADATA_HEADER] = encodeURIComponent(JSON.stringify(metadata))
  }
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
