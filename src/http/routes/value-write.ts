import type { Context } from 'hono'
import { httpError } from '../../errors'
import { BASE64_RULE, base64ByteLength } from '../../rules'
import type { KVNamespacePutOptions } from '../../types/kv-namespace'
import type { KvdevApiEnv } from '../env'
import { asClientError } from '../http-error'
import { readJsonObject } from '../json'
import { getKey, getStore } from '../query'

/** The body `PUT value` takes (the inspector's editor sends it). */
export interface PutValueBody {
  value: string
  base64?: boolean
  metadata?: unknown
  expiration?: number
  expiration_ttl?: number
  ifAbsent?: boolean
}

function optionalNumber(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw httpError(
      400,
      `Invalid ${name}: ${JSON.stringify(value)}. It must be a number of seconds.`,
    )
  }
  return value
}

function decodeValue(body: Record<string, unknown>): string | Uint8Array {
  const { value, base64 } = body
  if (typeof value !== 'string') {
    throw httpError(
      400,
      `Invalid value: ${JSON.stringify(value)?.slice(0, 40)}. \`value\` must be a string (base64 for binary, with \`base64: true\`).`,
    )
  }
  if (base64 === undefined || base64 === false) return value
  if (base64 !== true)
    throw httpError(400, `Invalid base64: ${JSON.stringify(base64)}. It must be true or false.`)
  if (base64ByteLength(value) === undefined) {
    throw httpError(
      400,
      `Invalid base64 value: ${JSON.stringify(value.slice(0, 40))}. Send ${BASE64_RULE}.`,
    )
  }
  return new Uint8Array(Buffer.from(value, 'base64'))
}

/**
 * `PUT value`: writes one key through the binding, so its limits and messages are
 * Cloudflare's. `ifAbsent` checks then writes; the dev server is the store's only
 * writer, but two requests for one key can still race between the two steps.
 */
export async function writeValue(c: Context<KvdevApiEnv>) {
  const store = getStore(c)
  const key = getKey(c)
  const body = await readJsonObject(c)
  const value = decodeValue(body)
  const options: KVNamespacePutOptions = {}
  const expiration = optionalNumber(body, 'expiration')
  const ttl = optionalNumber(body, 'expiration_ttl')
  if (expiration !== undefined) options.expiration = expiration
  if (ttl !== undefined) options.expirationTtl = ttl
  // null means "no metadata", as the inspector's editor sends it.
  if (Object.hasOwn(body, 'metadata') && body.metadata != null) options.metadata = body.metadata
  if (body.ifAbsent !== undefined && typeof body.ifAbsent !== 'boolean') {
    throw httpError(
      400,
      `Invalid ifAbsent: ${JSON.stringify(body.ifAbsent)}. It must be true or false.`,
    )
  }
  if (body.ifAbsent === true && (await store.inspect(key, 1)) !== null) {
    throw httpError(
      409,
      `Key already exists: ${JSON.stringify(key)}. Delete it first, or write without \`ifAbsent\`.`,
    )
  }
  const namespace = c.var.runtime.env[store.binding]!
  await asClientError(() => namespace.put(key, value, options))
  return c.json({ ok: true as const })
}
