import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/**
 * Every fact about Miniflare's private KV format that kvdev mirrors, in one place: where a
 * namespace's files live, how they are named, the index's schema, the blob id form and the
 * expiry unit. Each links to the upstream source it copies (Miniflare's repository,
 * `packages/miniflare/src/…`; the built copy is `node_modules/miniflare/dist/src/…`).
 * The files path runs only on the versions listed in `TESTED_VERSIONS`.
 */

/**
 * The Durable Object class Miniflare keeps each KV namespace in.
 * Upstream: packages/miniflare/src/plugins/kv/index.ts (`KV_NAMESPACE_OBJECT_CLASS_NAME`).
 */
export const KV_OBJECT = 'miniflare-KVNamespaceObject'

/**
 * KV's directory under a persistence root (wrangler's `--persist-to`).
 * Upstream: packages/miniflare/src/plugins/kv/index.ts (`KV_PLUGIN_NAME`) under
 * packages/miniflare/src/plugins/shared/index.ts (the `v3` persistence root).
 */
export const getKvDir = (persistRoot: string) => join(persistRoot, 'v3', 'kv')

/**
 * Miniflare's Durable Object id for a name: workerd's `idFromName`, which Miniflare copies as
 * `durableObjectNamespaceIdFromName` and does not export.
 * Upstream: packages/miniflare/src/plugins/shared/index.ts (`durableObjectNamespaceIdFromName`).
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

/**
 * How a namespace id becomes its blob directory's name.
 * Upstream: packages/miniflare/src/workers/shared/data.ts (`sanitisePath`).
 */
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

/**
 * Where Miniflare 4 keeps a namespace under a persistence root: the index as the object's
 * SQLite file, the values under `<sanitised id>/blobs`.
 * Upstream: packages/miniflare/src/workers/shared/blob.worker.ts (`BlobStore`'s
 * `${namespace}/blobs/` base URL) and packages/miniflare/src/plugins/do/index.ts (the object files).
 */
export function getNamespaceFiles(persistRoot: string, namespaceId: string): NamespaceFiles {
  const kv = getKvDir(persistRoot)
  return {
    database: join(kv, KV_OBJECT, `${getObjectId(KV_OBJECT, namespaceId)}.sqlite`),
    blobs: join(kv, sanitisePath(namespaceId), 'blobs'),
  }
}

/**
 * The index's columns, in order.
 * Upstream: packages/miniflare/src/workers/shared/keyvalue.worker.ts (`SQL_SCHEMA`).
 */
export const ENTRY_COLUMNS = ['key', 'blob_id', 'expiration', 'metadata'] as const

/**
 * A row's `expiration` is in milliseconds since the epoch; the binding speaks seconds.
 * Upstream: packages/miniflare/src/workers/kv/namespace.worker.ts (`secondsToMillis`).
 */
export const EXPIRATION_UNIT_MS = 1000

/**
 * Miniflare's blob ids: 32 random bytes, then the time as a big-endian 64-bit integer, in
 * lowercase hex. A row naming anything else is not one Miniflare wrote (its `BlobStore`
 * refuses an id that leaves the blobs directory and reads the row as missing).
 * Upstream: packages/miniflare/src/workers/shared/blob.worker.ts (`generateBlobId`, `idURL`).
 */
export const BLOB_ID = /^[0-9a-f]{80}$/

/** Random bytes drawn for many ids at once: one call per id was a seed's third largest cost. */
const RANDOM_POOL_IDS = 256
let pool = Buffer.alloc(0)
let pooled = 0

export function createBlobId(): string {
  if (pooled === 0) {
    pool = randomBytes(32 * RANDOM_POOL_IDS)
    pooled = RANDOM_POOL_IDS
  }
  const id = Buffer.alloc(40)
  pooled--
  pool.copy(id, 0, pooled * 32, pooled * 32 + 32)
  id.writeBigInt64BE(BigInt(Date.now()), 32)
  return id.toString('hex')
}

/**
 * The Miniflare releases (and the workerd each ships) whose files kvdev's files path was
 * proven equal on: the differential test (`test/integration/kv-differential.test.ts`) ran
 * against each (Miniflare 5 by `npm run test:miniflare5`). Any other version runs every call
 * through workerd.
 */
export const TESTED_VERSIONS: readonly { miniflare: string; workerd: string }[] = [
  { miniflare: '4.20260730.0', workerd: '1.20260730.1' },
  { miniflare: '5.20261117.0-beta', workerd: '1.20261117.1' },
]

let installed: { miniflare: string; workerd: string } | null | undefined

/**
 * The installed Miniflare and workerd versions, or null where they cannot be read; read once
 * (from their package.json: Miniflare itself is not loaded).
 */
export function getInstalledVersions(): { miniflare: string; workerd: string } | null {
  installed ??= readInstalledVersions()
  return installed
}

function readInstalledVersions(): { miniflare: string; workerd: string } | null {
  try {
    const require = createRequire(import.meta.url)
    const miniflare = require.resolve('miniflare/package.json')
    const workerd = createRequire(miniflare).resolve('workerd/package.json')
    return {
      miniflare: (require(miniflare) as { version: string }).version,
      workerd: (require(workerd) as { version: string }).version,
    }
  } catch {
    return null
  }
}

/** Why the files path is off for these versions, or undefined where it was tested on them. */
export function getUntestedReason(
  installed = getInstalledVersions(),
  tested = TESTED_VERSIONS,
): string | undefined {
  if (!installed) return 'the installed Miniflare and workerd versions could not be read'
  const known = tested.some(
    (t) => t.miniflare === installed.miniflare && t.workerd === installed.workerd,
  )
  if (known) return undefined
  return `Miniflare ${installed.miniflare} with workerd ${installed.workerd} is not a version kvdev's files path was tested on (${tested.map((t) => `${t.miniflare}/${t.workerd}`).join(', ')})`
}
