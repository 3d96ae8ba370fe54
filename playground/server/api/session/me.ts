import type { Context } from 'hono'
import { getSession } from '../../lib/session'
import type { GameEnv } from '../../lib/types'

/** The player's game session, or null when there is none, KV already expired it, or it is another player's. */
export async function GET(c: Context<GameEnv>) {
  return c.json({ success: true, data: await getSession(c) })
}
