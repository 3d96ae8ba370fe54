import type { Context } from 'hono'
import { getSession } from '../../lib/session'
import type { GameEnv } from '../../lib/types'

/** The game session, or null when there is none or KV already expired it. */
export async function GET(c: Context<GameEnv>) {
  return c.json({ success: true, data: await getSession(c) })
}
