import { KV_LIMITS } from '../constants'

/** Limits of kvdev's own HTTP API, beside Cloudflare's `KV_LIMITS`. */
export const API_LIMITS = {
  /** Nesting of any JSON body: deep enough for real metadata, shallow enough to never blow the stack. */
  MAX_JSON_DEPTH: 64,
  /** Small JSON bodies (persona choice, empty seed request). */
  MAX_SMALL_BODY_BYTES: 64 * 1024,
  /** `PUT value`: the largest value as base64, plus metadata and JSON framing. */
  MAX_VALUE_BODY_BYTES:
    Math.ceil((KV_LIMITS.MAX_VALUE_SIZE_BYTES * 4) / 3) + KV_LIMITS.MAX_METADATA_SIZE_BYTES + 4096,
  /** `POST seed` with the file's text inline: seeds are written in batches, so allow more than one bulk call. */
  MAX_SEED_BODY_BYTES: 128 * 1024 * 1024,
  /**
   * Request bodies the whole process holds at once (issue 11): each route's limit bounds one
   * upload, this bounds them together, so concurrent seeds cannot exhaust memory.
   */
  MAX_IN_FLIGHT_BODY_BYTES: 192 * 1024 * 1024,
  /** What a refused upload is told to wait before retrying. */
  BUSY_RETRY_AFTER_SECONDS: 2,
  /** Preview bytes `GET key` returns at most. */
  MAX_PREVIEW_BYTES: 1024 * 1024,
  DEFAULT_PREVIEW_BYTES: 64 * 1024,
  /** Prefixes are matched against keys, so they share the key's cap. */
  MAX_PREFIX_BYTES: KV_LIMITS.MAX_KEY_SIZE_BYTES,
  /** List cursors are base64 of the last key: far below this. */
  MAX_CURSOR_LENGTH: 2048,
  /** Binding names are short identifiers in wrangler config. */
  MAX_BINDING_LENGTH: 256,
  /** Keeps idle event streams open through proxies and lets dead clients be noticed. */
  EVENTS_PING_MS: 15_000,
} as const

/** Name of the cookie that carries the token when the server is exposed beyond loopback. */
export const TOKEN_COOKIE = 'kvdev_token'
/** Query parameter that hands the token to a browser once (exposed servers only). */
export const TOKEN_QUERY = 'token'
