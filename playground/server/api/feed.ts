import type { Context } from 'hono'
import { createKV } from 'kvdev/server'
import type { GameEnv } from '../lib/types'

interface Feed {
  news: string[]
  builtAt: string
}

/** Cache-aside with the JSON helper: `cache:feed` lives for an hour. */
export async function GET(c: Context<GameEnv>) {
  const kv = createKV(c.env.KV)
  const cached = await kv.get<Feed>('cache:feed')
  if (cached) return c.json({ success: true, data: cached, cached: true })
  const feed: Feed = { news: [`Welcome to ${c.env.GAME_NAME}`], builtAt: new Date().toISOString() }
  await kv.set('cache:feed', feed, { ttl: 3600 })
  return c.json({ success: true, data: feed, cached: false })
}
