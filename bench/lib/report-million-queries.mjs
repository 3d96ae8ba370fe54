import { API_ROWS, CLI_ROWS } from '../scenarios/million-queries.mjs'
import { cell, table } from './report.mjs'
import { target } from './target.mjs'

/** What stops each row when it misses its target: the work it cannot skip. */
const BOUNDS = {
  count:
    'two counts on Miniflare’s expiration index (all rows, less the expired); no table row is read',
  first100:
    'a value never described before is read once for its type (JSON, text or binary needs its bytes): one open and read per key of a page not seen yet',
  first1000:
    'a value never described before is read once for its type (JSON, text or binary needs its bytes): one open and read per key of a page not seen yet',
  deep1000:
    'a value never described before is read once for its type (JSON, text or binary needs its bytes): one open and read per key of a page not seen yet',
  searchCommon: 'a walk of the key index until 101 keys match',
  searchRare:
    'a scan of the whole key index: SQLite’s `instr` over each key’s bytes (no index serves a substring)',
  searchNone:
    'a scan of the whole key index: SQLite’s `instr` over each key’s bytes (no index serves a substring)',
  listSearchRare: 'Node’s start and the CLI’s load, then the scan of the key index',
  listSearchNone: 'Node’s start and the CLI’s load, then the scan of the key index',
  stats:
    'Miniflare keeps a value’s size only in its blob file: one `lstat` per value (1,000,000 files) and 1,000,000 index rows read into Node',
}

/** The million-key rows of the targets table. */
export function millionTargets(m) {
  if (!m) return []
  const rows = { ...API_ROWS, ...CLI_ROWS }
  return Object.entries(rows).map(([key, row]) =>
    target({
      name: `${row.label} at ${Number(m.keys).toLocaleString('en-US')} keys ≤ ${row.target} ms`,
      kvdev: m.api[key] ?? m.cli[key],
      maxMs: row.target,
      why: BOUNDS[key],
    }),
  )
}

/** The million-key section: the inspector API's requests, then the CLI's commands. */
export function millionSection(m) {
  const keys = Number(m.keys).toLocaleString('en-US')
  const status = (key, row) => {
    const t = target({ name: '', kvdev: m.api[key] ?? m.cli[key], maxMs: row.target })
    return [t.status, t.status === 'missed' ? BOUNDS[key] : '']
  }
  return [
    `## A million keys: count, pages, search, stats`,
    `A store of ${keys} user-scoped keys (bench/lib/store-1m.mjs, seeded by \`kvdev seed\`). The inspector API through \`kvdev dev\`, from request to last byte on 127.0.0.1, the first request of each row left out; each deep page starts from a cursor half-way down, a new one each run, so no value on it was described before. Then, the server stopped, the CLI on the store's files, from spawn to exit (\`node bin/kvdev.mjs --version\` alone: ${cell(m.cli.nodeAlone)}). Search: a substring anywhere in the key name, case-sensitive, no wildcards.`,
    table(
      ['Row', 'Time', 'Target', 'Status', 'What bounds it (missed only)'],
      [
        ...Object.entries(API_ROWS).map(([key, row]) => [
          row.label,
          cell(m.api[key]),
          `${row.target} ms`,
          ...status(key, row),
        ]),
        ...Object.entries(CLI_ROWS).map(([key, row]) => [
          row.label,
          cell(m.cli[key]),
          `${row.target} ms`,
          ...status(key, row),
        ]),
      ],
    ),
  ]
}
