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
/**
 * On a kvdev server's answer to Cloudflare's `GET …/values/:key`: the value's metadata as
 * percent-encoded JSON, absent when it has none (Cloudflare's own API sends no such header),
 * so a client reads value, metadata and expiration in one request.
 */
export const METADATA_HEADER = 'x-kvdev-metadata'
