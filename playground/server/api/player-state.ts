import type { Context } from 'hono'

export async function GET(c: Context): Promise<Response> {
  const playcademyUser = c.get('playcademyUser')

  if (!playcademyUser) {
    return c.json({ error: 'Not authenticated' }, 401)
  }

  const state = await c.env.KV.get(`user:${playcademyUser.sub}:state`)

  return c.json({
    success: true,
    data: state ? JSON.parse(state) : null,
  })
}

export async function POST(c: Context): Promise<Response> {
  const playcademyUser = c.get('playcademyUser')

  if (!playcademyUser) {
    return c.json({ error: 'Not authenticated' }, 401)
  }

  const { score, level } = await c.req.json()

  const state = {
    score,
    level,
    lastPlayed: new Date().toISOString(),
  }

  await c.env.KV.put(`user:${playcademyUser.sub}:state`, JSON.stringify(state), {
    metadata: {
      email: playcademyUser.email,
      name: playcademyUser.name,
    },
  })

  return c.json({ success: true, data: state })
}

export async function DELETE(c: Context): Promise<Response> {
  const playcademyUser = c.get('playcademyUser')

  if (!playcademyUser) {
    return c.json({ error: 'Not authenticated' }, 401)
  }

  await c.env.KV.delete(`user:${playcademyUser.sub}:state`)

  return c.json({ success: true })
}
