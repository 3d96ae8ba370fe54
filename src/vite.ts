import type { Plugin } from 'vite'
import { resolveOptions } from './options'
import { createKvdevPlugin } from './plugin/create-plugin'
import type { KvdevPluginOptions } from './types'

/**
 * The kvdev Vite plugin: API route files under `server/api` answer `/api/*` with `c.env.KV`
 * and a mock `playcademyUser`, and the KV inspector lives at `/__kv/`. Dev server only.
 * Invalid options throw here, naming the option, the value and the rule.
 *
 * @example
 * // vite.config.ts
 * import { defineConfig } from 'vite'
 * import kvdev from 'kvdev/vite'
 *
 * export default defineConfig({ plugins: [kvdev({ user: [{ sub: 'p1', name: 'Ada' }] })] })
 */
export function kvdev(options: KvdevPluginOptions = {}): Plugin[] {
  return [createKvdevPlugin(resolveOptions(options))]
}

export default kvdev
export type { KvdevPluginOptions } from './types'
export type { PlaycademyUser, UserOption } from './users/types'
