import { createHash, createHmac } from 'node:crypto'
import { join } from 'node:path'

/** The Durable Object class Miniflare keeps each KV namespace in. */
const KV_OBJECT = 'miniflare-KVNamespaceObject'

/**
 * Miniflare's Durable Object id for a name: its `durableObjectNamespaceIdFromName`,
 * which it does not export. A test holds this copy to the file Miniflare creates.
 */
export function getObjectId(uniqueKey: string, name: string): string {
  const key = createHash('sha256').update(uniqueKey).digest()
  const nameHmac = createHmac('sha256', key).update(name).digest().subarray(0, 16)
  const hmac = createHmac('sha256', key).update(nameHmac).digest().subarray(0, 16)
  return Buffer.concat([nameHmac, hmac]).toString('hex')
}

const DOTS = /(^|\/|\\)(\.+)(\/|\\|$)/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: Miniflare's rule replaces control characters
const ILLEGAL = /[?<>*"'^/\\:|\x00-\x1f\x80-\x9f]/g
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i
const LEADING = /^[ /\\]+/
const TRAILING = /[ /\\]+$/
const underscores = (match: string) => '_'.repeat(match.length)

/** Miniflare's `sanitisePath`: how a namespace id becomes its blob directory's name. */
export function sanitisePath(unsafe: string): string {
  const dots = (_: string, before: string, run: string, after: string) =>
    `${before}${'_'.repeat(run.length)}${after}`
  return unsafe
    .replace(DOTS, dots)
    .replace(DOTS, dots)
    .replace(ILLEGAL, '_')
    .replace(WINDOWS_RESERVED, '_')
    .replace(LEADING, underscores)
    .replace(TRAILING, underscores)
    .substring(0, 255)
}

export interface NamespaceFiles {
  /** The namespace's SQLite index: one row per key. */
  database: string
  /** One file per value, named by its blob id. */
  blobs: string
}

/** Where Miniflare 4 keeps a namespace under a persistence root (wrangler's `--persist-to`). */
export function getNamespaceFiles(persistRoot: string, namespaceId: string): NamespaceFiles {
  const kv = join(persistRoot, 'v3', 'kv')
  return {
    database: join(kv, KV_OBJECT, `${getObjectId(KV_OBJECT, namespaceId)}.sqlite`),
    blobs: join(kv, sanitisePath(namespaceId), 'blobs'),
  }
}
