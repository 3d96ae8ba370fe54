import type { RealismOptions } from './realism/options'
import type { UserOption } from './users/types'

/** Options of the `kvdev()` Vite plugin. Every option is optional. */
export interface KvdevPluginOptions {
  /**
   * Directory of API route files, relative to the Vite root. Each file maps to a path under `base`:
   * `player-state.ts` → `/api/player-state`, `index.ts` → its folder, `[id].ts` → `:id`,
   * `[...path].ts` → a catch-all read with `c.req.param('path')`.
   * @default 'server/api'
   */
  routes?: string
  /**
   * URL prefix of the API routes. Must start with `/`.
   * @default '/api'
   */
  base?: string
  /**
   * A module, relative to the Vite root, whose default export is a Hono app or
   * `{ fetch(request, env, ctx) }`. It answers requests under `base` that no route file matches.
   * @default undefined
   */
  entry?: string
  /**
   * Path to the wrangler config, relative to the Vite root.
   * @default 'wrangler.jsonc', 'wrangler.json' or 'wrangler.toml', whichever exists
   */
  configPath?: string
  /**
   * The `env.<name>` section of the wrangler config to read bindings and vars from.
   * @default undefined (the top level)
   */
  env?: string
  /**
   * Where KV data lives. `true`: wrangler's own store, `<root>/.wrangler/state`, shared with
   * `wrangler dev`. A path: like wrangler's `--persist-to`. `false`: in memory, gone on exit.
   * @default true
   */
  persist?: boolean | string
  /**
   * The mock `playcademyUser`: one user, a list of personas (the first is active; switch with the
   * `x-kvdev-user` header or the inspector), or `null` for signed out.
   * @default a single "Dev Player" persona
   */
  user?: UserOption
  /**
   * Seed file, relative to the Vite root, loaded at start when the namespace is empty.
   * `false` disables seeding.
   * @default 'seeds/kv.json' when that file exists
   */
  seed?: string | false
  /**
   * URL base of the inspector and its HTTP API. `false` disables both.
   * @default '/__kv'
   */
  inspector?: string | false
  /**
   * Production behaviour to imitate, each mode off by default and shown in the inspector's
   * header while on: `writeRateLimit` (more than one write a second to a key fails with
   * `429 Too Many Requests`), `propagationDelay` (seconds, or `true` for 60, before a write
   * reaches other `x-kvdev-location`s), `limits` (`'workers-kv'`, `'tma'`: 128 KB values, or numbers).
   * @default {} (none)
   */
  realism?: RealismOptions
  /**
   * Print one line per request to the app's routes: method, path, status, persona, its KV
   * calls and what was flagged in them.
   * @default false
   */
  logRequests?: boolean
}
