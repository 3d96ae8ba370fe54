import type { Context } from 'hono'
import type { ScoreMetadata } from '../../lib/leaderboard'
import type { GameEnv } from '../../lib/types'

/** A player's public card: `/api/players/<sub>` → `c.req.param('id')`. */
export async function GET(c: Context<GameEnv>) {
  const id = c.req.param('id')
  const { metadata } = await c.env.KV.getWithMetadata<ScoreMetadata>(`score:${id}`)
  if (!metadata) return c.json({ error: `No player with id ${id}` }, 404)
  return c.json({ success: true, data: { sub: id, name: metadata.name, best: metadata.score } })
}
