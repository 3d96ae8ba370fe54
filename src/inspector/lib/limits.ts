import { KV_LIMITS } from '../../constants'
import {
  checkExpirationTtl,
  checkKey,
  checkMetadata,
  checkValueSize,
  utf8Length,
} from '../../rules'

/** Checks a write against Cloudflare's KV limits (src/rules) before it is sent; returns the first problem in the inspector's words. */
export function checkWrite(input: {
  key: string
  value: string
  metadata?: string
  expiration?: number
  nowMs: number
}): string | null {
  const key = checkKey(input.key)
  if (key?.rule === 'key-empty') return '[kvdev] Key is empty: "". Give the key a name.'
  if (key?.rule === 'key-too-long') {
    return `[kvdev] Key is too long: ${key.bytes} bytes. Keys are at most ${key.limit} UTF-8 bytes.`
  }
  if (key?.rule === 'key-reserved') {
    return `[kvdev] Invalid key: "${input.key}". Cloudflare refuses "." and "..".`
  }
  const value = checkValueSize(utf8Length(input.value))
  if (value?.rule === 'value-too-large') {
    return `[kvdev] Value is too large: ${value.bytes} bytes. Values are at most ${value.limit} bytes (${value.limit / 1024 ** 2} MiB).`
  }
  if (input.metadata !== undefined && input.metadata.trim() !== '') {
    const problem = checkMetadataText(input.metadata)
    if (problem) return problem
  }
  if (input.expiration !== undefined) {
    const ttl = Math.round(input.expiration - input.nowMs / 1000)
    const broken = Number.isFinite(ttl) ? checkExpirationTtl(ttl) : { rule: 'ttl-not-integer' }
    if (broken) {
      return `[kvdev] Invalid expiration: ${Number.isFinite(ttl) ? `${ttl} s from now` : 'not a date'}. Expiration must be at least ${KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS} seconds ahead.`
    }
  }
  return null
}

export function checkMetadataText(text: string): string | null {
  let metadata: unknown
  try {
    metadata = JSON.parse(text)
  } catch (error) {
    return `[kvdev] Metadata is not valid JSON: ${(error as Error).message}. Write a JSON value or leave it empty.`
  }
  const broken = checkMetadata(metadata)
  if (broken?.rule === 'metadata-too-large') {
    return `[kvdev] Metadata is too large: ${broken.bytes} bytes. Metadata is at most ${broken.limit} bytes of JSON.`
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
