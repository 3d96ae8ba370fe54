import { execFileSync } from 'node:child_process'
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { createPrng } from './data.mjs'

const ROOT = join(import.meta.dirname, '../..')
const TMP = join(import.meta.dirname, '../.tmp')
const FIXTURE = join(import.meta.dirname, '../fixture')
const BIN = join(ROOT, 'bin/kvdev.mjs')

/** Keys in the store; ten per user. */
export const MILLION = 1_000_000
/** Bump when the records change: the bulk file and the store are then made again. */
const GENERATOR_VERSION = 1
/** Session keys expire a year after the seed; the store is seeded again well before that. */
const SESSION_TTL_SECONDS = 365 * 24 * 3600
const RESEED_AFTER_DAYS = 180

/**
 * Each user's keys, as the Playcademy doc scopes them (`user:<sub>:…`): the first three carry
 * the identity as metadata, sessions expire.
 */
const KINDS = [
  'player-state',
  'savedata',
  'preferences',
  'scores',
  'inventory',
  'achievements',
  'session:0',
  'session:1',
  'session:2',
  'session:3',
]
const WITH_METADATA = 3
const MIN_VALUE = 100
const MAX_VALUE = 2048

/** What makes a seeded store stale: this generator, and the Miniflare whose files kvdev writes. */
function formatStamp() {
  const miniflare = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/miniflare/package.json'), 'utf8'),
  ).version
  return { generator: GENERATOR_VERSION, keys: MILLION, miniflare }
}

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined)
const BULK_FILE = join(TMP, 'seed-1m.json')

/** The bulk JSON file alone, written once (a few seconds) and kept: `{ bulkFile, valueBytes }`. */
export function ensureBulkFile1m() {
  mkdirSync(TMP, { recursive: true })
  const bulkMark = join(TMP, 'seed-1m.mark.json')
  const bulk = read(bulkMark)
  if (existsSync(BULK_FILE) && bulk?.generator === GENERATOR_VERSION)
    return { bulkFile: BULK_FILE, valueBytes: bulk.valueBytes }
  const valueBytes = writeBulkFile(BULK_FILE)
  writeFileSync(bulkMark, JSON.stringify({ generator: GENERATOR_VERSION, valueBytes }))
  return { bulkFile: BULK_FILE, valueBytes }
}

const sameStamp = (a, b) => a && Object.keys(b).every((k) => a[k] === b[k])

/** Writes the bulk JSON file a batch of records at a time: it is over 1 GB, never one string. */
function writeBulkFile(path) {
  const random = createPrng(21)
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '
  let pool = ''
  for (let i = 0; i < 65_536; i++) pool += alphabet[Math.floor(random() * alphabet.length)]
  const hex = (n) => {
    let out = ''
    for (let i = 0; i < n; i++) out += Math.floor(random() * 16).toString(16)
    return out
  }
  const partial = `${path}.partial`
  const fd = openSync(partial, 'w')
  let bytes = 0
  try {
    writeSync(fd, '[\n')
    let batch = []
    for (let user = 0; user < MILLION / KINDS.length; user++) {
      const sub = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`
      KINDS.forEach((kind, k) => {
        const size = MIN_VALUE + Math.floor(random() * (MAX_VALUE - MIN_VALUE + 1))
        const head = JSON.stringify({
          sub,
          kind,
          level: user % 50,
          score: Math.floor(random() * 1e6),
        })
        // `{…,"data":"<pad>"}`: the pad fills the value up to `size` bytes.
        const padLength = Math.max(0, size - head.length - 10)
        const start = Math.floor(random() * (pool.length - padLength))
        const value = `${head.slice(0, -1)},"data":"${pool.slice(start, start + padLength)}"}`
        bytes += value.length
        const record = { key: `user:${sub}:${kind}`, value }
        if (k < WITH_METADATA)
          record.metadata = { sub, email: `player${user}@example.com`, name: `Player ${user}` }
        if (kind.startsWith('session:')) record.expiration_ttl = SESSION_TTL_SECONDS
        batch.push(JSON.stringify(record))
      })
      if (batch.length >= 10_000 || user === MILLION / KINDS.length - 1) {
        const last = user === MILLION / KINDS.length - 1
        writeSync(fd, `${batch.join(',\n')}${last ? '\n]\n' : ',\n'}`)
        batch = []
      }
    }
  } finally {
    closeSync(fd)
  }
  renameSync(partial, path)
  return bytes
}

/**
 * The million-key store every 1M benchmark row reads: a wrangler bulk JSON file of 1,000,000
 * user-scoped keys (bench/.tmp/seed-1m.json), seeded with `kvdev seed` (the built CLI, as a
 * user runs it) into a fresh store under bench/.tmp/kv-1m. Both are kept between runs and made
 * again only when the generator or the installed Miniflare changes (or the store nears its
 * sessions' expiry). `seedSeconds` is the seed's time when this call seeded, undefined when
 * it reused the store (`seededAt` and `recordedSeedSeconds` say when and how long then).
 * @returns {Promise<{ root: string, persistTo: string, bulkFile: string, keys: number, seedSeconds: number | undefined, reused: boolean, seededAt: string, recordedSeedSeconds: number, valueBytes: number }>}
 */
export async function ensureStore1m() {
  mkdirSync(TMP, { recursive: true })
  const stamp = formatStamp()
  const bulkFile = BULK_FILE
  const root = join(TMP, 'kv-1m')
  const persistTo = join(root, 'state')
  const storeMark = join(root, 'bench-seeded.json')

  const bulk = ensureBulkFile1m()
  const mark = read(storeMark)
  const fresh =
    mark && Date.now() - Date.parse(mark.seededAt) < RESEED_AFTER_DAYS * 24 * 3600 * 1000
  if (fresh && sameStamp(mark.stamp, stamp)) {
    return {
      root,
      persistTo,
      bulkFile,
      keys: MILLION,
      seedSeconds: undefined,
      reused: true,
      seededAt: mark.seededAt,
      recordedSeedSeconds: mark.seedSeconds,
      valueBytes: bulk.valueBytes,
    }
  }
  const building = `${root}.building`
  rmSync(building, { recursive: true, force: true })
  mkdirSync(building, { recursive: true })
  copyFileSync(join(FIXTURE, 'wrangler.jsonc'), join(building, 'wrangler.jsonc'))
  const start = performance.now()
  execFileSync(process.execPath, [BIN, 'seed', bulkFile, '--persist-to', 'state', '--quiet'], {
    cwd: building,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const seedSeconds = (performance.now() - start) / 1000
  // kvdev's own state (lock, history) is the seeding run's, not the store's.
  rmSync(join(building, 'state', 'kvdev'), { recursive: true, force: true })
  rmSync(root, { recursive: true, force: true })
  renameSync(building, root)
  const seededAt = new Date().toISOString()
  writeFileSync(storeMark, JSON.stringify({ stamp, seededAt, seedSeconds }))
  return {
    root,
    persistTo,
    bulkFile,
    keys: MILLION,
    seedSeconds,
    reused: false,
    seededAt,
    recordedSeedSeconds: seedSeconds,
    valueBytes: bulk.valueBytes,
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await ensureStore1m())
