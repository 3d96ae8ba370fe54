import type { Context } from 'hono'
import {
  computeLeaderboard,
  type Entry,
  LEADERBOARD_CACHE_KEY,
  LEADERBOARD_CACHE_TTL,
  type ScoreMetadata,
} from '../lib/leaderboard'
import { rateLimit } from '../lib/rate-limit'
import type { GameEnv } from '../lib/types'

const TOP = 10

/** Cache-aside: serve `cache:leaderboard` while it lives, otherwise compute and cache for a minute. */
export async function GET(c: Context<GameEnv>) {
  const cached = await c.env.KV.get<Entry[]>(LEADERBOARD_CACHE_KEY, 'json')
  if (cached) return c.json({ success: true, data: cached, cached: true })
  const board = await computeLeaderboard(c, TOP)
  await c.env.KV.put(LEADERBOARD_CACHE_KEY, JSON.stringify(board), {
    expirationTtl: LEADERBOARD_CACHE_TTL,
  })
  return c.json({ success: true, data: board, cached: false })
}

/** Submits a score; keeps the player's best, and drops the cached board when it changes. */
export async function POST(c: Context<GameEnv>) {
  const user = c.get('playcademyUser')
  if (!user) return c.json({ error: 'Not authenticated' }, 401)
  const limited = await rateLimit(c, 'score', 10)
  if (limited) return limited
  const { score } = await c.req.json<{ score: unknown }>()
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 0) {
    return c.json(
      { error: `Invalid score: ${JSON.stringify(score)}. Send a whole number ≥ 0.` },
      400,
    )
  }
  const key = `score:${user.sub}`
  const previous = await c.env.KV.getWithMetadata<ScoreMetadata>(key)
  const best = Math.max(score, previous.metadata?.score ?? 0)
  if (best !== previous.metadata?.score) {
    const metadata: ScoreMetadata = { name: user.name, email: user.email, score: best }
    await c.env.KV.put(key, String(best), { metadata })
    await c.env.KV.delete(LEADERBOARD_CACHE_KEY)
  }
  return c.json({ success: true, data: { best } })
}
