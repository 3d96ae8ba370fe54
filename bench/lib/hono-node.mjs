import { serve } from '@hono/node-server'
import { Hono } from 'hono'

// The anchor of `kvdev dev`'s start: Node plus Hono's node server answering one route.
const app = new Hono()
app.get('/api/ping', (c) => c.json({ ok: true }))
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  process.stdout.write(`http://127.0.0.1:${info.port}\n`),
)
