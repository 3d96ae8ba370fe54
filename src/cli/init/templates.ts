/** The files `kvdev init` creates when they are absent. */

/** Where wrangler ships its config's JSON schema, relative to the project. */
export const WRANGLER_SCHEMA = 'node_modules/wrangler/config-schema.json'

/**
 * A `wrangler.jsonc` for a project that has no wrangler config. `$schema` only when wrangler is
 * installed: an editor told to load a missing file flags the whole config.
 */
export function getWranglerTemplate(
  name: string,
  binding: string,
  today: Date,
  withSchema: boolean,
): string {
  const schema = withSchema ? `\n  "$schema": "${WRANGLER_SCHEMA}",` : ''
  return `{${schema}
  "name": ${JSON.stringify(name)},
  "compatibility_date": "${today.toISOString().slice(0, 10)}",
  "kv_namespaces": [
    // No id yet: locally the namespace id is the binding name; \`wrangler deploy\` creates the
    // remote namespace (or add the id \`wrangler kv namespace create ${binding}\` prints).
    { "binding": ${JSON.stringify(binding)} }
  ]
}
`
}

export const SEED_TEMPLATE = `{
  "config:flags": { "beta": true },
  "user:demo:state": { "score": 100, "level": 3 }
}
`

/** Playcademy's example route: the signed-in player's state, read, written and deleted. */
export function getRouteTemplate(binding: string): string {
  const kv = `c.env.${binding}`
  return `import type { Context } from 'hono'
import 'kvdev/hono' // types c.get('playcademyUser')

export async function GET(c: Context): Promise<Response> {
  const playcademyUser = c.get('playcademyUser')
  if (!playcademyUser) return c.json({ error: 'Not authenticated' }, 401)
  const state = await ${kv}.get(\`user:\${playcademyUser.sub}:state\`)
  return c.json({ success: true, data: state ? JSON.parse(state) : null })
}

export async function POST(c: Context): Promise<Response> {
  const playcademyUser = c.get('playcademyUser')
  if (!playcademyUser) return c.json({ error: 'Not authenticated' }, 401)
  const { score, level } = await c.req.json()
  const state = { score, level, lastPlayed: new Date().toISOString() }
  await ${kv}.put(\`user:\${playcademyUser.sub}:state\`, JSON.stringify(state), {
    metadata: { email: playcademyUser.email, name: playcademyUser.name },
  })
  return c.json({ success: true, data: state })
}

export async function DELETE(c: Context): Promise<Response> {
  const playcademyUser = c.get('playcademyUser')
  if (!playcademyUser) return c.json({ error: 'Not authenticated' }, 401)
  await ${kv}.delete(\`user:\${playcademyUser.sub}:state\`)
  return c.json({ success: true })
}
`
}

/** What `vite.config` needs: the import, and the plugin in `plugins`. */
export const VITE_LINES = ["import kvdev from 'kvdev/vite'", 'plugins: [kvdev()],'] as const

/** A `vite.config.ts` for a project that has none. */
export const VITE_TEMPLATE = `import kvdev from 'kvdev/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [kvdev()],
})
`
