import { KV_LIMITS } from '../constants'
import type { KvStore } from '../runtime/store'
import type { RouteContext } from './context'
import { HttpError } from './http-error'
import { API_LIMITS } from './limits'

const encoder = new TextEncoder()
const byteLength = (text: string) => encoder.encode(text).byteLength

/** The store named by `?binding` (the first binding when absent); an unknown one is a 404. */
export function getStore({ url, runtime }: RouteContext): KvStore {
  const binding = url.searchParams.get('binding')
  if (binding === null || binding === '') return runtime.store()
  if (binding.length > API_LIMITS.MAX_BINDING_LENGTH) {
    throw new HttpError(
      400,
      `Invalid binding: ${binding.length} characters. A binding name is at most ${API_LIMITS.MAX_BINDING_LENGTH}.`,
    )
  }
  return runtime.store(binding)
}

/** `?key`, required, non-empty and within Cloudflare's key limit. */
export function getKey({ url }: RouteContext): string {
  const key = url.searchParams.get('key')
  if (key === null || key === '') {
    throw new HttpError(
      400,
      'Missing key: the `key` query parameter is empty. Name the key to read or write.',
    )
  }
  const size = byteLength(key)
  if (size > KV_LIMITS.MAX_KEY_SIZE_BYTES) {
    throw new HttpError(
      414,
      `Key too long: ${size} bytes (UTF-8). Keys are at most ${KV_LIMITS.MAX_KEY_SIZE_BYTES} bytes.`,
    )
  }
  return key
}

/** `?prefix`, optional, capped like a key so matching stays cheap. */
export function getPrefix({ url }: RouteContext): string | undefined {
  const prefix = url.searchParams.get('prefix')
  if (prefix === null || prefix === '') return undefined
  const size = byteLength(prefix)
  if (size > API_LIMITS.MAX_PREFIX_BYTES) {
    throw new HttpError(
      400,
      `Prefix too long: ${size} bytes (UTF-8). A prefix is at most ${API_LIMITS.MAX_PREFIX_BYTES} bytes.`,
    )
  }
  return prefix
}

/** An integer query parameter within `[min, max]`, or `fallback` when absent. */
export function getInteger(
  { url }: RouteContext,
  name: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new HttpError(
      400,
      `Invalid ${name}: ${JSON.stringify(raw)}. It must be an integer from ${min} to ${max}.`,
    )
  }
  return value
}

/** A yes/no query parameter: `1`/`true` or `0`/`false`. */
export function getFlag({ url }: RouteContext, name: string): boolean {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '' || raw === '0' || raw === 'false') return false
  if (raw === '1' || raw === 'true') return true
  throw new HttpError(400, `Invalid ${name}: ${JSON.stringify(raw)}. Use 1 or 0.`)
}

/** A query parameter restricted to `choices`, or `fallback` when absent. */
export function getChoice<T extends string>(
  { url }: RouteContext,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return fallback
  if (!(choices as readonly string[]).includes(raw)) {
    throw new HttpError(400, `Invalid ${name}: ${JSON.stringify(raw)}. Use ${choices.join(', ')}.`)
  }
  return raw as T
}
