import type { Context } from 'hono'
import { getBinding } from '../binding'
import { readJsonObject } from '../json-request'
import { checkJsonWrite, parseStoredJson } from '../json-value'
import { envelope, errorResponse } from './envelope'
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
async function store(
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

async function load(c: Context, binding: string) {
  return parseStoredJson(await getBinding(c, binding).get(c.req.param('key')!))
}

/** @workertown/kv's v1 routes, its admin info and its OpenAPI document. */
function workertownRoutes(e: ResolvedEndpoints): RestRoute[] {
  const key = `${e.kv}/:key{.+}`
  return [
    {
      method: 'get',
      path: key,
      summary: 'Get a value (404 and `data: null` when missing)',
      async handle(c, { binding }) {
        const value = await load(c, binding)
        return value === null ? envelope(c, 404, null) : envelope(c, 200, value)
      },
    },
    {
      method: 'put',
      path: key,
      summary: 'Set a value: `{ "value": <JSON>, "ttl"?: seconds }`',
      write: 'ttl',
      async handle(c, { binding }) {
        const stored = await store(c, binding, 'ttl', (m) => errorResponse(c, 400, m))
        return 'response' in stored ? stored.response : envelope(c, 200, stored.value)
      },
    },
    {
      method: 'delete',
      path: key,
      summary: 'Delete a value',
      async handle(c, { binding }) {
        await getBinding(c, binding).delete(c.req.param('key')!)
        return envelope(c, 200, true)
      },
    },
    {
      method: 'get',
      path: `${e.admin}/info`,
      summary: 'The resolved configuration',
      handle: (c, { info }) => envelope(c, 200, info),
    },
    {
      method: 'get',
      path: `${e.public === '/' ? '' : e.public}/open-api.json`,
      summary: 'This OpenAPI document',
      public: true,
      handle: (c, { openApi }) => c.json(openApi()),
    },
  ]
}

const refuseItems = (c: Context, status: 400 | 404, error: string) =>
  c.json({ success: false, data: null, error }, status)

/** RocketStack's `/kv/items/<key>` routes. */
function rocketstackRoutes(e: ResolvedEndpoints): RestRoute[] {
  const key = `${e.items}/:key{.+}`
  return [
    {
      method: 'get',
      path: key,
      summary: 'Get an item: `{ "data": { "key", "value" } }` (404 when missing)',
      async handle(c, { binding }) {
        const value = await load(c, binding)
        if (value === null) return refuseItems(c, 404, `[kvdev] No item: ${c.req.param('key')}.`)
        return c.json({ success: true, data: { key: c.req.param('key'), value } })
      },
    },
    {
      method: 'put',
      path: key,
      summary: 'Set an item: `{ "value": <JSON>, "ttlSeconds"?: n }`',
      write: 'ttlSeconds',
      async handle(c, { binding }) {
        const stored = await store(c, binding, 'ttlSeconds', (m) => refuseItems(c, 400, m))
        if ('response' in stored) return stored.response
        return c.json({ success: true, data: { key: c.req.param('key'), value: stored.value } })
      },
    },
    {
      method: 'delete',
      path: key,
      summary: 'Delete an item',
      async handle(c, { binding }) {
        await getBinding(c, binding).delete(c.req.param('key')!)
        return c.json({ success: true, data: { key: c.req.param('key'), deleted: true } })
      },
    },
  ]
}

export function getRestRoutes(endpoints: ResolvedEndpoints): RestRoute[] {
  return [...workertownRoutes(endpoints), ...rocketstackRoutes(endpoints)]
}
