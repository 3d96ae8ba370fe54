import type { StatementSync } from 'node:sqlite'
import { KEY, keyDecoder } from './disk-rows'
import { getPrefixBound } from './prefix-bound'

/**
 * Live keys under `prefix`, as the binding's list counts them (`expiration IS NULL OR
 * expiration >= now`): all rows less the expired ones. The first is counted on the smallest
 * index (Miniflare's on `expiration`) without reading a row, the second is a range of that
 * index, so neither reads the table and 1,000,000 keys count in milliseconds, not a full scan.
 */
export function countRows(sql: (text: string) => StatementSync, prefix: string): number {
  const upper = getPrefixBound(prefix)
  const now = Date.now()
  if (upper === undefined && prefix !== '') {
    // A prefix ending in U+10FFFF has no upper bound: walk from it to the first key past it.
    let n = 0
    for (const row of sql(
      `SELECT ${KEY} FROM _mf_entries WHERE key >= ? AND (expiration IS NULL OR expiration >= ?) ORDER BY _mf_entries.key`,
    ).iterate(prefix, now) as Iterable<{ key: Uint8Array }>) {
      if (!keyDecoder.decode(row.key).startsWith(prefix)) break
      n++
    }
    return n
  }
  const range = (key: string) =>
    prefix === '' ? '' : `AND ${key} >= ? ${upper === undefined ? '' : `AND ${key} < ?`}`
  const bounds = prefix === '' ? [] : [prefix, ...(upper === undefined ? [] : [upper])]
  // No WHERE at all for the whole namespace: only then does SQLite count pages, not rows.
  const all = sql(
    prefix === ''
      ? 'SELECT count(*) AS n FROM _mf_entries'
      : `SELECT count(*) AS n FROM _mf_entries WHERE 1 ${range('key')}`,
  ).get(...bounds) as { n: number }
  // `+key`: the key index must not serve this one, or a wide prefix reads a row per key to
  // learn its expiration; the expiration index holds the (few) expired rows alone.
  const expired = sql(
    `SELECT count(*) AS n FROM _mf_entries WHERE expiration < ? ${range('+key')}`,
  ).get(now, ...bounds) as { n: number }
  return all.n - expired.n
}
