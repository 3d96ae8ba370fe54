import type { Context } from 'hono'
import { getBinding } from '../binding'
import { readJsonObject } from '../json-request'
import { checkJsonWrite, parseStoredJson } from '../json-value'
import { type Refusal, readKey } from '../path-key'
import type { ResolvedEndpoints } from './options'

export type { Refusal } from '../path-key'

export interface RestRoute {
  method: 'get' | 'put' | 'delete' | 'post' | 'options'
  /** Hono's pattern; `:key{.+}` takes the rest of the path, `/` included. */
  path: string
  summary: string
  /** Served without auth, to any origin. */
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

/** Reads, checks and stores a JSON write; the value stored, or why not. */
export async function store(
  c: Context,
  binding: string,
  ttlField: 'ttl' | 'ttlSeconds',
): Promise<{ value: unknown } | Refusal> {
  const target = readKey(c)
  if ('status' in target) return target
  const read = await readJsonObject(c)
  if ('error' in read) return { status: 400, message: read.error, field: [] }
  const ttl = read.body[ttlField]
  const write = checkJsonWrite({ key: target.key, value: read.body.value, ttl })
  if (!write.ok) {
    const field = write.field === 'ttl' ? ttlField : write.field
    return { status: 400, message: `[kvdev] ${write.error}`, field: [field] }
  }
  const options = write.ttl === undefined ? {} : { expirationTtl: write.ttl }
  await getBinding(c, binding).put(write.key, write.text, options)
  return { value: JSON.parse(write.text) }
}

/** The stored JSON value, null when missing, or why the key is refused. */
export async function load(c: Context, binding: string): Promise<{ value: unknown } | Refusal> {
  const target = readKey(c)
  if ('status' in target) return target
  return { value: parseStoredJson(await getBinding(c, binding).get(target.key)) }
}

/** Deletes the key, or says why it is refused. */
export async function remove(c: Context, binding: string): Promise<{ key: string } | Refusal> {
  const target = readKey(c)
  if ('status' in target) return target
  await getBinding(c, binding).delete(target.key)
  return target
}

/** How one wire format answers the key routes: each format's envelope, the semantics shared. */
export interface KeyAnswers {
  summaries: { get: string; put: string; delete: string }
  refuse(c: Context, refusal: Refusal): Response
  found(c: Context, value: unknown): Response
  missing(c: Context): Response
  stored(c: Context, value: unknown): Response
  removed(c: Context, key: string): Response
}

/** `GET`, `PUT` and `DELETE` of one JSON value at `path` (a `:key{.+}` pattern). */
export function keyRoutes(
  path: string,
  ttlField: 'ttl' | 'ttlSeconds',
  answers: KeyAnswers,
): RestRoute[] {
  const { summaries, refuse } = answers
  return [
    {
      method: 'get',
      path,
      summary: summaries.get,
      async handle(c, { binding }) {
        const read = await load(c, binding)
        if ('status' in read) return refuse(c, read)
        return read.value === null ? answers.missing(c) : answers.found(c, read.value)
      },
    },
    {
      method: 'put',
      path,
      summary: summaries.put,
      write: ttlField,
      async handle(c, { binding }) {
        const stored = await store(c, binding, ttlField)
        return 'status' in stored ? refuse(c, stored) : answers.stored(c, stored.value)
      },
    },
    {
      method: 'delete',
      path,
      summary: summaries.delete,
      async handle(c, { binding }) {
        const removed = await remove(c, binding)
        return 'status' in removed ? refuse(c, removed) : answers.removed(c, removed.key)
      },
    },
  ]
}
