import { resolve } from 'node:path'
import type { ResolvedConfig, UserConfig, ViteDevServer } from 'vite'
import type { ResolvedOptions } from '../options'
import {
  escapeGlob,
  getStateDirs,
  isProtectedPath,
  type ProtectedPaths,
  STATE_DIR_GLOBS,
  toGlobs,
} from './protected-paths'

/**
 * Keeps the KV store out of Vite's watcher: every store write would wake it. Route files and
 * the env files (`.dev.vars*`, `.env*`) stay watched: kvdev reads them again when the watcher
 * reports a change, not on every request.
 */
export function getWatchConfig(config: UserConfig, options: ResolvedOptions): UserConfig {
  const root = resolve(config.root ?? process.cwd())
  const state = getStateDirs(root, options).map((dir) => `${escapeGlob(dir)}/**`)
  return {
    server: { watch: { ignored: [...STATE_DIR_GLOBS, ...state] } },
  }
}

type ConfigWithMatcher = ResolvedConfig & { fsDenyGlob?: (file: string) => boolean }

/**
 * Adds the secrets files, the state directory and the route sources to the resolved
 * `server.fs.deny`, after Vite's defaults or the user's list. Vite compiles that list into a
 * matcher before `configResolved` runs, so the matcher is extended with the same rule.
 */
export function denyProtectedPaths(config: ResolvedConfig, paths: ProtectedPaths): void {
  // A new array: the resolved one may be Vite's module-level default or the user's own.
  config.server.fs.deny = [...config.server.fs.deny, ...toGlobs(paths)]
  const resolved = config as ConfigWithMatcher
  const compiled = resolved.fsDenyGlob
  if (typeof compiled !== 'function') return
  resolved.fsDenyGlob = (file) => compiled(file) || isProtectedPath(paths, file)
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
