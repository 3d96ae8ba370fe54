import type { Context } from 'hono'
import type { GameEnv } from '../lib/types'

/** Feature flags live under `config:`; edit them in the inspector and reload the game. */
export interface Flags {
  doubleClicks: boolean
  showLeaderboard: boolean
  banner: string | null
}

const DEFAULTS: Flags = { doubleClicks: false, showLeaderboard: true, banner: null }

export async function GET(c: Context<GameEnv>) {
  const stored = await c.env.KV.get<Partial<Flags>>('config:feature-flags', {
    type: 'json',
    cacheTtl: 30,
  })
  return c.json({ success: true, data: { ...DEFAULTS, ...stored }, game: c.env.GAME_NAME })
}
