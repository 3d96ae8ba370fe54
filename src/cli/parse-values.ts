import { KV_LIMITS } from '../constants'
import { usageError } from './exit'

/** A whole number from a flag, or a usage error naming the flag and the value. */
export function parseInteger(
  flag: string,
  value: string | undefined,
  min: number,
  rule: string,
): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min) {
    throw usageError(`Invalid --${flag}: ${JSON.stringify(value)}. ${rule}`)
  }
  return number
}

export function parseMetadata(value: string | undefined): unknown {
  if (value === undefined) return undefined
  try {
    return JSON.parse(value)
  } catch {
    throw usageError(
      `Invalid --metadata: ${JSON.stringify(value)} is not JSON. Pass JSON, e.g. --metadata '{"name":"Ada"}'.`,
    )
  }
}

/** Keys are checked before any store is opened, with Cloudflare's rule. */
export function checkKey(key: string): string {
  if (key === '') throw usageError('Invalid key: "". A key must not be empty.')
  const length = Buffer.byteLength(key)
  if (length > KV_LIMITS.MAX_KEY_SIZE_BYTES) {
    throw usageError(
      `Invalid key: UTF-8 encoded length of ${length} exceeds key length limit of ${KV_LIMITS.MAX_KEY_SIZE_BYTES}. Use a shorter key.`,
    )
  }
  return key
}
