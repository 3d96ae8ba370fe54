import type { Context } from 'hono'
import type { GameEnv } from './types'

export interface Entry {
  sub: string
  name: string
  score: number
}

/** Per-player best scores live in `score:<sub>`; the score and name ride in metadata, so one list() reads them all. */
export interface ScoreMetadata {
  name: string
  email: string
  score: number
}

export const LEADERBOARD_CACHE_KEY = 'cache:leaderboard'
export const LEADERBOARD_CACHE_TTL = 60

/** Builds the leaderboard from every `score:` key, paging through list() cursors. */
export async function computeLeaderboard(c: Context<GameEnv>, top: number): Promise<Entry[]> {
  const entries: Entry[] = []
  let cursor: string | undefined
  do {
    const page = await c.env.KV.list<ScoreMetadata>({ prefix: 'score:', cursor })
    for (const key of page.keys) {
      if (key.metadata)
        entries.push({
          sub: key.name.slice('score:'.length),
          name: key.metadata.name,
          score: key.metadata.score,
        })
    }
    cursor = page.list_complete ? undefined : page.cursor
  } while (cursor)
  return entries.sort((a, b) => b.score - a.score).slice(0, top)
}
