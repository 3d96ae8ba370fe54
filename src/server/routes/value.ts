import type { KVNamespace } from '../../types/kv-namespace'
import type { Route, RouteContext } from '../context'
import { asClientError, HttpError } from '../http-error'
import { getKey, getStore } from '../query'
import { hardenResponse, jsonResponse } from '../respond'

/** The binding behind `?binding`: writes go through it so Cloudflare's limits and messages apply. */
export function getNamespace(context: RouteContext): KVNamespace {
  const { binding } = getStore(context)
  return context.runtime.env[binding]!
}

/** `GET value`: the raw bytes, always as a download so a browser never renders them. */
export const readValue: Route = async (context) => {
  const key = getKey(context)
  const namespace = getNamespace(context)
  const value = await asClientError(() => namespace.get(key, 'stream'))
  if (value === null) throw new HttpError(404, `Key not found: ${JSON.stringify(key)}.`)
  return hardenResponse(
    new Response(value, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-disposition': 'attachment; filename="value.bin"',
      },
    }),
  )
}

/** `DELETE value`: says whether the key existed. */
export const deleteValue: Route = async (context) => {
  const store = getStore(context)
  const key = getKey(context)
  const existed = (await store.inspect(key, 1)) !== null
  const namespace = context.runtime.env[store.binding]!
  if (existed) await asClientError(() => namespace.delete(key))
  return jsonResponse({ ok: true, deleted: existed })
}
