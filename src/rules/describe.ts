import type { KvRuleViolation } from './kv-rules'

const shown = (value: unknown): string => {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value)
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/**
 * kvdev's own wording of a broken rule: what is wrong, the value, the rule
 * (`Key "…" is 513 bytes; KV keys must be at most 512 bytes.`). Without the
 * `[kvdev]` prefix, so each caller can place it.
 */
export function describeViolation(v: KvRuleViolation): string {
  switch (v.rule) {
    case 'key-type':
      return `Invalid key: ${shown(v.value)}. KV keys must be strings.`
    case 'key-empty':
      return 'Key is empty: "". KV keys must be non-empty strings.'
    case 'key-reserved':
      return `Illegal key name ${shown(v.key)}. KV keys must not be "." or "..".`
    case 'key-surrogate':
      return `Key ${shown(v.key)} has an unpaired UTF-16 surrogate at index ${v.index}. KV keys must be valid Unicode text.`
    case 'key-too-long':
      return `Key ${shown(v.key)} is ${v.bytes} bytes; KV keys must be at most ${v.limit} bytes.`
    case 'prefix-too-long':
      return `Prefix ${shown(v.prefix)} is ${v.bytes} bytes; a list prefix must be at most ${v.limit} bytes.`
    case 'value-too-large':
      return `Value is ${v.exact ? '' : 'at least '}${v.bytes} bytes; KV values must be at most ${v.limit} bytes (25 MiB).`
    case 'value-surrogate':
      return `Value has an unpaired UTF-16 surrogate at index ${v.index}. Text values must be valid Unicode; write binary data as bytes or base64.`
    case 'metadata-not-json':
      return `Metadata is not JSON-serialisable: ${v.reason}. KV metadata must be a JSON value.`
    case 'metadata-too-large':
      return `Metadata is ${v.bytes} bytes as JSON; KV metadata must be at most ${v.limit} bytes.`
    case 'ttl-not-integer':
      return `Invalid expiration TTL: ${shown(v.value)}. It must be a whole number of seconds.`
    case 'ttl-too-short':
      return `Invalid expiration TTL: ${v.value}. Expiration TTL must be at least ${v.min} seconds.`
    case 'expiration-not-integer':
      return `Invalid expiration: ${shown(v.value)}. Expiration must be a whole number of seconds since the UNIX epoch.`
    case 'expiration-too-soon':
      return `Invalid expiration: ${v.value}. Expiration must be at least ${v.min} seconds in the future (at or after ${v.earliest}).`
    case 'cache-ttl-too-short':
      return `Invalid cacheTtl: ${v.value}. Cache TTL must be at least ${v.min} seconds.`
    case 'list-limit':
      return `Invalid list limit: ${shown(v.value)}. It must be an integer from ${v.min} to ${v.max}.`
    case 'bulk-count':
      return `Bulk ${v.operation} of ${v.count} items; it takes ${v.min} to ${v.max}.`
  }
}
