/**
 * The `kvdev/server` entry: helpers for API routes that run in kvdev and on Workers alike.
 *
 * @example
 * import { createKV, userKv } from 'kvdev/server'
 */
export {
  createKV,
  type JsonKv,
  type JsonKvListOptions,
  type JsonKvListResult,
  type JsonKvSetOptions,
} from './services/json-kv'
export { USER_KV_MAX_VALUE_BYTES, type UserKvOptions, userKv } from './services/user-kv'
