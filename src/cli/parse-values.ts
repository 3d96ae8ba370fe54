import { CF_MESSAGES, checkKey as checkKeyRule } from '../rules'
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

/** Keys are checked before any store is opened, with Cloudflare's rule (src/rules). */
export function checkKey(key: string): string {
  const broken = checkKeyRule(key)
  if (broken?.rule === 'key-empty') throw usageError('Invalid key: "". A key must not be empty.')
  if (broken?.rule === 'key-too-long') {
    throw usageError(
      `Invalid key: ${CF_MESSAGES.keyTooLong(broken.bytes, broken.limit)} Use a shorter key.`,
    )
  }
  return key
}
