import { KV_LIMITS } from '../../constants'
import { utf8Length } from './bytes'

/** Checks a write against Cloudflare's KV limits before it is sent; returns the first problem. */
export function checkWrite(input: {
  key: string
  value: string
  metadata?: string
  expiration?: number
  nowMs: number
}): string | null {
  const keyBytes = utf8Length(input.key)
  if (keyBytes === 0) return '[kvdev] Key is empty: "". Give the key a name.'
  if (keyBytes > KV_LIMITS.MAX_KEY_SIZE_BYTES) {
    return `[kvdev] Key is too long: ${keyBytes} bytes. Keys are at most ${KV_LIMITS.MAX_KEY_SIZE_BYTES} UTF-8 bytes.`
  }
  if (input.key === '.' || input.key === '..') {
    return `[kvdev] Invalid key: "${input.key}". Cloudflare refuses "." and "..".`
  }
  const valueBytes = utf8Length(input.value)
  if (valueBytes > KV_LIMITS.MAX_VALUE_SIZE_BYTES) {
    return `[kvdev] Value is too large: ${valueBytes} bytes. Values are at most ${KV_LIMITS.MAX_VALUE_SIZE_BYTES} bytes (25 MiB).`
  }
  if (input.metadata !== undefined && input.metadata.trim() !== '') {
    const problem = checkMetadata(input.metadata)
    if (problem) return problem
  }
  if (input.expiration !== undefined) {
    const ttl = Math.round(input.expiration - input.nowMs / 1000)
    if (!Number.isFinite(ttl) || ttl < KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS) {
      return `[kvdev] Invalid expiration: ${Number.isFinite(ttl) ? `${ttl} s from now` : 'not a date'}. Expiration must be at least ${KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS} seconds ahead.`
    }
  }
  return null
}

export function checkMetadata(text: string): string | null {
  try {
    JSON.parse(text)
  } catch (error) {
    return `[kvdev] Metadata is not valid JSON: ${(error as Error).message}. Write a JSON value or leave it empty.`
  }
  const bytes = utf8Length(JSON.stringify(JSON.parse(text)))
  if (bytes > KV_LIMITS.MAX_METADATA_SIZE_BYTES) {
    return `[kvdev] Metadata is too large: ${bytes} bytes. Metadata is at most ${KV_LIMITS.MAX_METADATA_SIZE_BYTES} bytes of JSON.`
  }
  return null
}

/** Validates JSON text without reformatting it, so large numbers keep every digit. */
export function checkJson(text: string): string | null {
  try {
    JSON.parse(text)
    return null
  } catch (error) {
    return `[kvdev] Value is not valid JSON: ${(error as Error).message}. Fix it or save it as text.`
  }
}
