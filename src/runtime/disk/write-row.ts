import type { StatementSync } from 'node:sqlite'

const PREVIOUS = 'SELECT blob_id, expiration FROM _mf_entries WHERE key = ?'
const INSERT =
  'INSERT OR REPLACE INTO _mf_entries (key, blob_id, expiration, metadata) VALUES (?, ?, ?, ?)'
const UPDATE_VALUE = 'UPDATE _mf_entries SET blob_id = ?, metadata = ? WHERE key = ?'
const UPDATE_ROW = 'UPDATE _mf_entries SET blob_id = ?, expiration = ?, metadata = ? WHERE key = ?'

/**
 * Writes one row of the index inside the caller's transaction and returns the blob id it
 * replaced, if any. A key that exists is changed in place: the row Miniflare's
 * `INSERT OR REPLACE` leaves (key, blob id, expiration, metadata), at one page of the WAL where
 * a replace rewrites the table and both indexes (the key's and the expiration's) for five.
 */
export function createRowWriter(
  sql: (text: string) => StatementSync,
): (
  key: string,
  blobId: string,
  expiration: number | null,
  metadata: string | null,
) => string | undefined {
  return (key, blobId, expiration, metadata) => {
    const old = sql(PREVIOUS).get(key) as { blob_id: string; expiration: number | null } | undefined
    if (!old) sql(INSERT).run(key, blobId, expiration, metadata)
    else if (old.expiration === expiration) sql(UPDATE_VALUE).run(blobId, metadata, key)
    else sql(UPDATE_ROW).run(blobId, expiration, metadata, key)
    return old?.blob_id
  }
}
