/**
 * The `kvdev/client` entry: browser code, no dependencies, no Node APIs.
 *
 * @example
 * import { createKvClient } from 'kvdev/client'
 * const kv = createKvClient({ baseUrl: '/api/kv' })
 */
export {
  createKvClient,
  type KvClient,
  KvClientError,
  type KvClientListResult,
  type KvClientOptions,
} from './browser/kv-client'
