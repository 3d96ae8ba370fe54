import type { Context } from 'hono'
import { getBinding } from '../binding'
import { readJsonObject } from '../json-request'
import { checkJsonWrite, parseStoredJson } from '../json-value'
import type { ResolvedEndpoints } from './options'

export interface RestRoute {
  method: 'get' | 'put' | 'delete'
  /** Hono's pattern; `:key{.+}` takes the rest of the path, `/` included. */
  path: string
  summary: string
  /** Served without auth. */
  public?: boolean
  /** A JSON write, with the name of its TTL field. */
  write?: 'ttl' | 'ttlSeconds'
  handle(c: Context, context: RouteContext): Promise<Response> | Response
}

export interface RouteContext {
  binding: string
  endpoints: ResolvedEndpoints
  info: Record<string, unknown>
  openApi(): unknown
}

type Refusal = { response: Response }

/** Reads, checks and stores a JSON write; the value stored, or the 400 answer. */
export async function store(
  c: Context,
  binding: string,
  ttlField: 'ttl' | 'ttlSeconds',
  refuse: (message: string) => Response,
): Promise<{ value: unknown } | Refusal> {
  const read = await readJsonObject(c)
  if ('error' in read) return { response: refuse(read.error) }
  const key = c.req.param('key')
  const write = checkJsonWrite({ key, value: read.body.value, ttl: read.body[ttlField] })
  if (!write.ok) return { response: refuse(`[kvdev] ${write.error}`) }
  const options = write.ttl === undefined ? {} : { expirationTtl: write.ttl }
  await getBinding(c, binding).put(write.key, write.text, options)
  return { value: JSON.parse(write.text) }
}

export async function load(c: Context, binding: string) {
  return parseStoredJson(await getBinding(c, binding).get(c.req.param('key')!))
}
