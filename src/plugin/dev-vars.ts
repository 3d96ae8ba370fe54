import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseEnv } from 'node:util'

/**
 * Parses a dotenv file (`KEY=value`, quotes, multi-line quoted values, `#` comments) with
 * Node's own `util.parseEnv`.
 */
export function parseDotenv(text: string): Record<string, string> {
  return { ...parseEnv(text) } as Record<string, string>
}

function readFile(path: string): Record<string, string> | undefined {
  return existsSync(path) ? parseDotenv(readFileSync(path, 'utf8')) : undefined
}

/** wrangler reads `.env` files only when `.dev.vars` is absent, unless this says `false`. */
function loadsDotEnv(): boolean {
  return process.env.CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV?.toLowerCase() !== 'false'
}

/** The `.env` files wrangler reads, later ones overriding earlier ones. */
export function getDotEnvFiles(env: string | undefined): string[] {
  const files = ['.env', '.env.local']
  if (env !== undefined) files.push(`.env.${env}`, `.env.${env}.local`)
  return files
}

/**
 * The secrets `wrangler dev` gives a Worker, read next to the wrangler config with wrangler 4's
 * rule: `.dev.vars.<env>` when an env is selected and the file exists, else `.dev.vars`; when
 * neither exists, `.env`, `.env.local`, `.env.<env>`, `.env.<env>.local` merged in that order
 * (not when `CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false`). The plugin calls it again when
 * Vite's watcher reports one of these files changed.
 */
export function readDevVars(dir: string, env: string | undefined): Record<string, string> {
  const devVars =
    (env === undefined ? undefined : readFile(resolve(dir, `.dev.vars.${env}`))) ??
    readFile(resolve(dir, '.dev.vars'))
  if (devVars) return devVars
  if (!loadsDotEnv()) return {}
  let merged: Record<string, string> = {}
  for (const name of getDotEnvFiles(env)) merged = { ...merged, ...readFile(resolve(dir, name)) }
  return merged
}
