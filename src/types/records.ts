/** One entry of wrangler's bulk format: what `kvdev dump` writes and `kvdev seed` reads. */
export interface KvRecord {
  key: string
  /** The value as text, or as base64 when `base64` is true. */
  value: string
  base64?: boolean
  /** Absolute expiry, in seconds since the UNIX epoch. */
  expiration?: number
  /** Time to live in seconds, counted from the write. */
  expiration_ttl?: number
  metadata?: unknown
}

export type KvValueType = 'json' | 'text' | 'binary'

/** A key as listings show it, with what admin views need beside the name. */
export interface KvKeyInfo {
  name: string
  expiration?: number
  metadata?: unknown
  /** Value size in bytes. */
  size: number
  type: KvValueType
}

export interface KvKeyInspection extends KvKeyInfo {
  /** The first bytes of the value (as many as asked for). */
  preview: Uint8Array
  /** True when the preview is shorter than the value. */
  truncated: boolean
}

export interface KvStats {
  keys: number
  bytes: number
  largest: { name: string; size: number }[]
  /** Keys grouped by their text up to and including the first `:` (`''` for keys without one). */
  prefixes: { prefix: string; keys: number; bytes: number }[]
}

export type KvChangeKind = 'put' | 'delete' | 'clear' | 'seed'

export interface KvChangeEvent {
  binding: string
  kind: KvChangeKind
  /** The key written, for `put` and `delete`. */
  key?: string
  /** The prefix cleared, for `clear`. */
  prefix?: string
  /** How many keys a bulk change touched. */
  count?: number
  at: number
}
