import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { KvdevError } from '../errors'
import { KV_OBJECT } from './disk/miniflare-format'

// workerd's fatal startup error when a table's shape is not the one it expects, e.g.
// `SQLite failed; dbErrorMessage(...) = table _cf_ALARM has 4 columns but 3 values were supplied: SQLITE_ERROR`.
// Only SQLITE_ERROR: a busy or damaged file (SQLITE_BUSY, SQLITE_CORRUPT) is another story.
const SQLITE_FAILURE = /SQLite failed;[^=]*= (.+?): SQLITE_ERROR\b/
const TABLE = /\btable (\w+)/
const TOOLS = ['wrangler', '@cloudflare/vite-plugin'] as const

interface Package {
  name: string
  version: string
  miniflare?: string
}

function readPackage(locate: () => string): Package | undefined {
  try {
    const { name, version, dependencies } = JSON.parse(readFileSync(locate(), 'utf8'))
    return { name, version, miniflare: dependencies?.miniflare }
  } catch {
    return undefined
  }
}

/** A Miniflare version's workerd release date (`4.20260730.0` → 20260730), to order them. */
const releaseOf = (version = '') => Number(/\d+\.(\d{8})/.exec(version)?.[1] ?? 0)

/** kvdev's own Miniflare, as installed. */
function ownRuntime(): string {
  const miniflare = readPackage(() =>
    createRequire(import.meta.url).resolve('miniflare/package.json'),
  )
  return miniflare ? `Miniflare ${miniflare.version}` : 'Miniflare'
}

/** The project's wrangler and @cloudflare/vite-plugin that run a newer workerd than kvdev's. */
function newerTools(root: string, own: string): string[] {
  return TOOLS.flatMap((name) => {
    const tool = readPackage(() => join(root, 'node_modules', name, 'package.json'))
    if (!tool?.miniflare || releaseOf(tool.miniflare) <= releaseOf(own)) return []
    return [`${name} ${tool.version} (Miniflare ${tool.miniflare})`]
  })
}

/**
 * The error to show when workerd could not start because a newer workerd changed the
 * store's SQLite tables (a newer wrangler, `@cloudflare/vite-plugin` or `getPlatformProxy`):
 * which file, which tools wrote it, and how to recover. Undefined for any other failure.
 * workerd stops before it writes anything, so the store is left as it was.
 */
export function getStoreVersionError(
  cause: unknown,
  { root, kvPersist }: { root: string; kvPersist: string | false },
): KvdevError | undefined {
  const failure = SQLITE_FAILURE.exec(String((cause as Error | undefined)?.message ?? cause))
  if (!failure || !kvPersist) return undefined
  const sqlite = failure[1]!
  const table = TABLE.exec(sqlite)?.[1] ?? ''
  const own = ownRuntime()
  // Miniflare's KV objects keep workerd's own tables (`_cf_*`, the alarm index) beside them.
  const objects = join(kvPersist, KV_OBJECT)
  const file = table.startsWith('_cf_') ? join(objects, 'metadata.sqlite') : `${objects}/*.sqlite`
  const tools = newerTools(root, own)
  const writer = tools.length
    ? `It was last opened by a newer tool of this project: ${tools.join(', ')}.`
    : 'It was last opened by a tool on a newer workerd (wrangler dev, @cloudflare/vite-plugin or getPlatformProxy).'
  const recover = table.startsWith('_cf_')
    ? `That file holds only workerd's alarm index, which KV does not use: move it (with its -wal and -shm files) out of ${objects} and kvdev opens your keys as they are; or upgrade kvdev to a release on a Miniflare as new as that tool's.`
    : `Upgrade kvdev to a release on a Miniflare as new as that tool's, or read and export the keys with that tool (\`wrangler kv key list --local\`) and give kvdev a fresh \`--persist-to\`.`
  return new KvdevError(
    'ERR_RUNTIME',
    `The KV store was changed by a newer workerd and kvdev's ${own} cannot open it: ${file} (${sqlite}: SQLITE_ERROR). ${writer} kvdev has not changed the store. ${recover}`,
    { cause },
  )
}

/**
 * Miniflare's `handleRuntimeStdio`: workerd's output, line by line as Miniflare prints it, but
 * for the fatal SQLite error (and its stack) that {@link getStoreVersionError} puts in words.
 */
export function forwardRuntimeOutput(stdout: Readable, stderr: Readable): void {
  createInterface(stdout).on('line', (line) => console.log(line))
  let inFailure = false
  createInterface(stderr).on('line', (line) => {
    if (SQLITE_FAILURE.test(line)) inFailure = true
    else if (!(inFailure && line.startsWith('stack: '))) {
      inFailure = false
      console.error(line)
    }
  })
}

/** Miniflare 5's `handleStructuredLogs`: workerd's logs, as {@link forwardRuntimeOutput} prints them. */
export function forwardRuntimeLog({ level, message }: { level: string; message: string }): void {
  if (SQLITE_FAILURE.test(message)) return
  if (level === 'error' || level === 'warn') console.error(message)
  else console.log(message)
}
