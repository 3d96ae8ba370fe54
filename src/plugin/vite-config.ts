import { resolve, sep } from 'node:path'
import type { UserConfig, ViteDevServer } from 'vite'
import { WRANGLER_STATE_DIR } from '../constants'
import type { ResolvedOptions } from '../options'
import { resolvePersistRoot } from '../runtime/create-kv'

/** Vite's own `server.fs.deny` default (8.x, a superset of 6.x): setting the option replaces it. */
const VITE_FS_DENY = [
  '.env',
  '.env.*',
  '*.{crt,pem,key,p12,pfx,cer,der}',
  '.npmrc',
  '.yarnrc.yml',
  '**/.git/**',
]

function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!+@]/g, '\\$&')
}

/**
 * Keeps the KV store out of Vite's reach: never served (`server.fs.deny`), never watched
 * (every write would otherwise wake the watcher).
 */
export function getStateDirConfig(config: UserConfig, options: ResolvedOptions): UserConfig {
  const root = resolve(config.root ?? process.cwd())
  const patterns = [`**/${WRANGLER_STATE_DIR}/**`]
  const persistRoot = resolvePersistRoot(root, options.persist)
  if (persistRoot) patterns.push(`${escapeGlob(persistRoot.split(sep).join('/'))}/**`)
  return {
    server: {
      fs: { deny: [...(config.server?.fs?.deny ? [] : VITE_FS_DENY), ...patterns] },
      watch: { ignored: patterns },
    },
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])

/** True when Vite listens beyond loopback (`--host`): then every inspector request needs the token. */
export function isExposed(host: string | boolean | undefined): boolean {
  if (host === undefined || host === false) return false
  if (host === true) return true
  return !LOOPBACK.has(host) && !host.startsWith('127.')
}

/** Hosts kvdev accepts beside loopback: Vite's `allowedHosts` and a named `server.host`. */
export function getAllowedHosts(server: ViteDevServer): string[] | true {
  const { allowedHosts, host } = server.config.server
  if (allowedHosts === true) return true
  const hosts = [...(allowedHosts ?? [])]
  if (typeof host === 'string' && host !== '0.0.0.0' && host !== '::') hosts.push(host)
  return hosts
}
