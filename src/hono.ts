/**
 * The `kvdev/hono` entry: types for API routes. Importing it (even as a type) makes
 * `c.get('playcademyUser')` typed in every Hono context.
 *
 * @example
 * import type { Context } from 'hono'
 * import type { KvdevEnv } from 'kvdev/hono'
 *
 * export async function GET(c: Context<KvdevEnv>) {
 *   const user = c.get('playcademyUser')
 *   if (!user) return c.json({ error: 'Not authenticated' }, 401)
 *   return c.json(await c.env.KV.get(`user:${user.sub}:state`, 'json'))
 * }
 */
import type { KVNamespace } from './types/kv-namespace'
import type { PlaycademyUser } from './users/types'

declare module 'hono' {
  interface ContextVariableMap {
    /** The signed-in player, or undefined when signed out (`user: null` or the anonymous persona). */
    playcademyUser: PlaycademyUser | undefined
  }
}

/** Bindings a kvdev route sees: `KV` (and any other binding) plus wrangler `vars` and `.dev.vars`. */
export type KvdevBindings = { KV: KVNamespace } & Record<string, unknown>

/** The Hono environment of a kvdev route: `Context<KvdevEnv>` types `c.env.KV`. */
export interface KvdevEnv {
  Bindings: KvdevBindings
  Variables: { playcademyUser: PlaycademyUser | undefined }
}

export type { KVNamespace } from './types/kv-namespace'
export type { PlaycademyUser } from './users/types'
