import type { KvdevEnv } from 'kvdev/hono'

/** Every route's Hono environment: `c.env.KV` and `c.env.GAME_NAME` typed. */
export type GameEnv = KvdevEnv & { Bindings: { GAME_NAME: string } }
