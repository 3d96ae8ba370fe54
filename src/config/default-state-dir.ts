import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLOUDFLARE_STATE_DIR, WRANGLER_STATE_DIR } from '../constants'

/** @cloudflare/vite-plugin 2 reads its workers from `cloudflare.config.*` instead of wrangler's. */
const CLOUDFLARE_CONFIGS = ['ts', 'mts', 'js', 'mjs'].map((ext) => `cloudflare.config.${ext}`)

function installedMajor(root: string, name: string): number {
  try {
    const { version } = JSON.parse(
      readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
    )
    return Number.parseInt(version, 10)
  } catch {
    return 0
  }
}

/**
 * The store the project's own Cloudflare tools use, relative to `root`: wrangler's
 * (`.wrangler/state`, shared with @cloudflare/vite-plugin 1.x and `getPlatformProxy`), unless the
 * project is on @cloudflare/vite-plugin 2, which keeps it in `.cloudflare/state`. A store that
 * exists decides first; then the project's files. `persist: '<dir>'` overrides either.
 */
export function getDefaultStateDir(root: string): string {
  const has = (dir: string) => existsSync(join(root, dir, 'v3'))
  if (has(WRANGLER_STATE_DIR) !== has(CLOUDFLARE_STATE_DIR)) {
    return has(CLOUDFLARE_STATE_DIR) ? CLOUDFLARE_STATE_DIR : WRANGLER_STATE_DIR
  }
  const onPlugin2 =
    CLOUDFLARE_CONFIGS.some((file) => existsSync(join(root, file))) ||
    installedMajor(root, '@cloudflare/vite-plugin') >= 2
  return onPlugin2 ? CLOUDFLARE_STATE_DIR : WRANGLER_STATE_DIR
}
