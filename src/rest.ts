/**
 * The `kvdev/rest` entry: a REST KV service as a Hono app, with nothing Node-only in it.
 *
 * @example
 * import { kvRest } from 'kvdev/rest'
 * export default kvRest() // a Worker, or `server/api/rest/index.ts` in kvdev
 */
export { kvRest } from './services/rest/create-rest-app'
export type { KvRestAuthOptions, KvRestOptions } from './services/rest/options'
