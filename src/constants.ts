/** Cloudflare Workers KV limits, as enforced by the platform and by Miniflare. */
export const KV_LIMITS = {
  MAX_KEY_SIZE_BYTES: 512,
  MAX_VALUE_SIZE_BYTES: 25 * 1024 * 1024,
  MAX_METADATA_SIZE_BYTES: 1024,
  MIN_EXPIRATION_TTL_SECONDS: 60,
  MIN_CACHE_TTL_SECONDS: 30,
  MAX_LIST_LIMIT: 1000,
  MIN_REST_LIST_LIMIT: 10,
  MAX_BULK_GET_KEYS: 100,
  MAX_BULK_WRITE_ITEMS: 10_000,
} as const

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
  /** Cloudflare's REST API: `bulk/get` bodies, 100 keys of 512 bytes plus options, with room for escaping. */
  MAX_BULK_GET_BODY_BYTES: 1024 * 1024,
  /** Cloudflare's REST API caps a bulk write request at 100 MB. */
  MAX_BULK_WRITE_BODY_BYTES: 100 * 1024 * 1024,
  /** Cloudflare's REST API: 10,000 keys of 512 bytes, even fully `\u`-escaped, fit well inside this. */
  MAX_BULK_DELETE_BODY_BYTES: 32 * 1024 * 1024,
  /** Cloudflare's REST API: room for multipart boundaries and part headers around a value and its metadata. */
  MULTIPART_OVERHEAD_BYTES: 64 * 1024,
  /** Cloudflare's REST API: `per_page` of the namespace list. */
  MIN_NAMESPACES_PER_PAGE: 5,
  DEFAULT_NAMESPACES_PER_PAGE: 20,
  MAX_NAMESPACES_PER_PAGE: 1000,
} as const

/** Where wrangler and @cloudflare/vite-plugin 1.x keep local state, relative to the project root. */
export const WRANGLER_STATE_DIR = '.wrangler/state'
/** Where @cloudflare/vite-plugin 2 keeps it (`getPersistenceRoot` in its dist). */
export const CLOUDFLARE_STATE_DIR = '.cloudflare/state'
/** kvdev's own files (server.json, lock) under the persistence root. */
export const KVDEV_STATE_SUBDIR = 'kvdev'
export const SERVER_INFO_FILE = 'server.json'
export const LOCK_FILE = 'lock'

export const DEFAULT_BINDING = 'KV'
export const DEFAULT_ROUTES_DIR = 'server/api'
export const DEFAULT_API_BASE = '/api'
export const DEFAULT_INSPECTOR_BASE = '/__kv'
export const DEFAULT_SEED_FILE = 'seeds/kv.json'
export const DEFAULT_DEV_PORT = 8788
export const USER_HEADER = 'x-kvdev-user'
export const TOKEN_HEADER = 'x-kvdev-token'
/** Name of the cookie that carries the token when the server is exposed beyond loopback. */
export const TOKEN_COOKIE = 'kvdev_token'
/** Query parameter that hands the token to a browser once (exposed servers only). */
export const TOKEN_QUERY = 'token'
/**
 * On a kvdev server's answer to Cloudflare's `GET …/values/:key`: the value's metadata as
 * percent-encoded JSON, absent when it has none (Cloudflare's own API sends no such header),
 * so a client reads value, metadata and expiration in one request.
 */
export const METADATA_HEADER = 'x-kvdev-metadata'
