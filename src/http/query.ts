import type { Context } from 'hono'
import { API_LIMITS } from '../constants'
import { httpError } from '../errors'
import { checkKey, checkPrefix, checkSearch } from '../rules'
import type { KvStore } from '../runtime/store'
import type { KvdevApiEnv } from './env'

type C = Context<KvdevApiEnv>

/** The store named by `?binding` (the first binding when absent); an unknown one is a 404. */
export function getStore(c: C): KvStore {
  const binding = c.req.query('binding')
  if (binding === undefined || binding === '') return c.var.runtime.store()
  if (binding.length > API_LIMITS.MAX_BINDING_LENGTH) {
    throw httpError(
      400,
      `Invalid binding: ${binding.length} characters. A binding name is at most ${API_LIMITS.MAX_BINDING_LENGTH}.`,
    )
  }
  return c.var.runtime.store(binding)
}

/** `?key`, required, non-empty and within Cloudflare's key limit. */
export function getKey(c: C): string {
  const key = c.req.query('key') ?? ''
  const broken = checkKey(key)
  if (broken?.rule === 'key-empty') {
    throw httpError(
      400,
      'Missing key: the `key` query parameter is empty. Name the key to read or write.',
    )
  }
  if (broken?.rule === 'key-too-long') {
    throw httpError(
      414,
      `Key too long: ${broken.bytes} bytes (UTF-8). Keys are at most ${broken.limit} bytes.`,
    )
  }
  return key
}

/** `?prefix`, optional, capped like a key so matching stays cheap. */
export function getPrefix(c: C): string | undefined {
  const prefix = c.req.query('prefix')
  if (prefix === undefined || prefix === '') return undefined
  const broken = checkPrefix(prefix)
  if (broken?.rule === 'prefix-too-long') {
    throw httpError(
      400,
      `Prefix too long: ${broken.bytes} bytes (UTF-8). A prefix is at most ${broken.limit} bytes.`,
    )
  }
  return prefix
}

/**
 * `?search`, optional: a substring of key names, matched case-sensitively with no wildcards.
 * A key holds at most 512 bytes, so a longer search could match nothing: refused like a prefix.
 */
export function getSearch(c: C): string | undefined {
  const search = c.req.query('search')
  if (search === undefined || search === '') return undefined
  const broken = checkSearch(search)
  if (broken) throw httpError(400, broken)
  return search
}

/** An integer query parameter within `[min, max]`, or `fallback` when absent. */
export function getInteger(
  c: C,
  name: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  const raw = c.req.query(name)
  if (raw === undefined || raw === '') return fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw httpError(
      400,
      `Invalid ${name}: ${JSON.stringify(raw)}. It must be an integer from ${min} to ${max}.`,
    )
  }
  return value
}

/** A yes/no query parameter: `1`/`true` or `0`/`false`. */
export function getFlag(c: C, name: string): boolean {
  const raw = c.req.query(name)
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false
  if (raw === '1' || raw === 'true') return true
  throw httpError(400, `Invalid ${name}: ${JSON.stringify(raw)}. Use 1 or 0.`)
}

/** A query parameter restricted to `choices`, or `fallback` when absent. */
export function getChoice<T extends string>(
  c: C,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = c.req.query(name)
  if (raw === undefined || raw === '') return fallback
  if (!(choices as readonly string[]).includes(raw)) {
    throw httpError(400, `Invalid ${name}: ${JSON.stringify(raw)}. Use ${choices.join(', ')}.`)
  }
  return raw as T
}
