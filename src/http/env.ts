import type { KvRuntime } from '../runtime/create-kv-runtime'
import type { UsageMeter } from '../usage/meter'
import type { Personas } from '../users/personas'

/** The server's parts every kvdev route reads from `c.var`. */
export interface ServerParts {
  runtime: KvRuntime
  personas: Personas
  /** The configured seed file (absolute), or null. */
  seedFile: string | null
  root: string
  /** The meter of the app's routes (a Vite dev server has one), or null. */
  usage: UsageMeter | null
}

/** The Hono environment of kvdev's own API apps (the inspector's); a user's route's is `KvdevEnv` from `kvdev/hono`. */
export interface KvdevApiEnv {
  Variables: ServerParts
}
