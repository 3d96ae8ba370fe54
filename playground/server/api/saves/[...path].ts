import type { Context } from 'hono'
import type { GameEnv } from '../../lib/types'

/**
 * Save slots at any depth: `/api/saves/world-1/slot-2` → `user:<sub>:save:world-1/slot-2`.
 * A catch-all reads the rest of the path with `c.req.param('path')`.
 */
function slotKey(c: Context<GameEnv>): string | null {
  const user = c.get('playcademyUser')
  return user ? `user:${user.sub}:save:${c.req.param('path')}` : null
}

export async function GET(c: Context<GameEnv>) {
  const key = slotKey(c)
  if (!key) return c.json({ error: 'Not authenticated' }, 401)
  const save = await c.env.KV.get(key, 'json')
  return save === null
    ? c.json({ error: `Empty slot: ${c.req.param('path')}` }, 404)
    : c.json({ success: true, data: save })
}

export async function PUT(c: Context<GameEnv>) {
  const key = slotKey(c)
  const user = c.get('playcademyUser')
  if (!key || !user) return c.json({ error: 'Not authenticated' }, 401)
  const save = await c.req.json()
  await c.env.KV.put(key, JSON.stringify(save), {
    metadata: { email: user.email, name: user.name },
  })
  return c.json({ success: true })
}

export async function DELETE(c: Context<GameEnv>) {
  const key = slotKey(c)
  if (!key) return c.json({ error: 'Not authenticated' }, 401)
  await c.env.KV.delete(key)
  return c.json({ success: true })
}
