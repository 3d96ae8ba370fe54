import type { Context } from 'hono'
import { httpError } from '../../errors'
import type { KVNamespace } from '../../types/kv-namespace'
import type { KvdevApiEnv } from '../env'
import { asClientError } from '../http-error'
import { getKey, getStore } from '../query'

/** The binding behind `?binding`: writes go through it so Cloudflare's limits and messages apply. */
export function getNamespace(c: Context<KvdevApiEnv>): KVNamespace {
  const { binding } = getStore(c)
  return c.var.runtime.env[binding]!
}

/** `GET value`: the raw bytes, always as a download so a browser never renders them. */
export async function readValue(c: Context<KvdevApiEnv>) {
  const key = getKey(c)
  const namespace = getNamespace(c)
  const value = await asClientError(() => namespace.get(key, 'stream'))
  if (value === null) throw httpError(404, `Key not found: ${JSON.stringify(key)}.`)
  return c.body(value, 200, {
    'content-type': 'application/octet-stream',
    'content-disposition': 'attachment; filename="value.bin"',
  })
}

/** `DELETE value`: says whether the key existed. */
export async function deleteValue(c: Context<KvdevApiEnv>) {
  const store = getStore(c)
  const key = getKey(c)
  const existed = (await store.inspect(key, 1)) !== null
  const namespace = c.var.runtime.env[store.binding]!
  if (existed) await asClientError(() => namespace.delete(key))
  return c.json({ ok: true as const, deleted: existed })
}
