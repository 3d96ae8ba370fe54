import { KV_LIMITS } from '../constants'
import type { KvRuleViolation } from './kv-rules'

const PREVIEW_CHARS = 40

/** The one base64 kvdev takes, as every message that refuses another one names it. */
export const BASE64_RULE = 'standard base64 (A-Z, a-z, 0-9, +, / and = padding)'

/** A value as messages show it: compact JSON (else its text), shortened by code points. */
const shown = (value: unknown): string => {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch {}
  const chars = Array.from(text ?? String(value))
  return chars.length > PREVIEW_CHARS
    ? `${chars.slice(0, PREVIEW_CHARS).join('')}…`
    : chars.join('')
}

/**
 * kvdev's own wording of a broken rule: what is wrong, the value, the rule
 * (`Key is 513 bytes; KV keys must be at most 512 bytes.`). Without the `[kvdev]`
 * prefix and without the key's name, so each caller places both (a seed error names
 * file, index and key before it).
 */
export function describeViolation(v: KvRuleViolation): string {
  switch (v.rule) {
    case 'key-type':
      return `Invalid key: ${shown(v.value)}. KV keys must be strings.`
    case 'key-empty':
      return 'Key is empty. KV keys must be non-empty strings.'
    case 'key-reserved':
      return `Illegal key name ${shown(v.key)}. KV keys must not be "." or "..".`
    case 'key-surrogate':
      return `Key has an unpaired UTF-16 surrogate at index ${v.index}. KV keys must be valid Unicode text.`
    case 'key-too-long':
      return `Key is ${v.bytes} bytes; KV keys must be at most ${v.limit} bytes.`
    case 'prefix-too-long':
      return `Prefix ${shown(v.prefix)} is ${v.bytes} bytes; a list prefix must be at most ${v.limit} bytes.`
    case 'value-too-large':
      return `Value is ${v.exact ? '' : 'at least '}${v.bytes} bytes; KV values must be at most ${v.limit} bytes.`
    case 'value-surrogate':
      return `Value has an unpaired UTF-16 surrogate at index ${v.index}. Text values must be valid Unicode; write binary data as base64 with "base64": true.`
    case 'value-not-base64':
      return `Value is not valid base64: ${shown(v.value)}. With "base64": true the value must be ${BASE64_RULE}.`
    case 'metadata-not-json':
      return `Metadata is not JSON-serialisable: ${v.reason}. KV metadata must be a JSON value.`
    case 'metadata-too-large':
      return `Metadata is ${v.bytes} bytes as JSON; KV metadata must be at most ${v.limit} bytes.`
    case 'ttl-not-integer':
    case 'ttl-too-short':
      return `Invalid expiration_ttl: ${shown(v.value)}. Expiration TTL must be an integer of at least ${KV_LIMITS.MIN_EXPIRATION_TTL_SECONDS} seconds.`
    case 'expiration-not-integer':
      return `Invalid expiration: ${shown(v.value)}. Expiration must be an integer number of seconds since the UNIX epoch.`
    case 'expiration-too-soon':
      return `Invalid expiration: ${v.value}. Expiration must be at least ${v.min} seconds in the future (at or after ${v.earliest}); remove it or set a later time.`
    case 'cache-ttl-too-short':
      return `Invalid cacheTtl: ${v.value}. Cache TTL must be at least ${v.min} seconds.`
    case 'list-limit':
      return `Invalid list limit: ${shown(v.value)}. It must be an integer from ${v.min} to ${v.max}.`
    case 'bulk-count':
      return `Bulk ${v.operation} of ${v.count} items; it takes ${v.min} to ${v.max}.`
  }
}
