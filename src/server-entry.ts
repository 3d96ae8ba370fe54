/**
 * The `kvdev/server` entry: helpers for API routes that run in kvdev and on Workers alike.
 *
 * @example
 * import { createKV, userKv } from 'kvdev/server'
 */
export { createKV, type JsonKv, type JsonKvSetOptions } from './services/json-kv'
export { createTmaKeys, type TmaClaims, type TmaKeys } from './services/tma/keys'
export { TMA_SDK_BASE, type TmaPlatformOptions, tmaPlatform } from './services/tma/platform'
export type { TelegramUser } from './services/tma/telegram-user'
export { USER_KV_MAX_VALUE_BYTES, type UserKvOptions, userKv } from './services/user-kv'
