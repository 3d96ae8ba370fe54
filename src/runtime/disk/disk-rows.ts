import type { DiskEntry } from './disk-types'
import { EXPIRATION_UNIT_MS } from './miniflare-format'

// How Miniflare 4's `_mf_entries` rows are read and named.

/** A row of Miniflare 4's `_mf_entries`, expiration in milliseconds. */
export interface Row {
  key: string
  blob_id: string
  expiration: number | null
  metadata: string | null
}

/**
 * node:sqlite reads TEXT as a C string, so a key holding U+0000 would come back cut
 * short: keys are selected as their bytes and decoded here.
 */
export const KEY = 'CAST(key AS BLOB) AS key'
// A key may start with U+FEFF: the default decoder would drop it as a byte-order mark.
export const keyDecoder = new TextDecoder('utf-8', { ignoreBOM: true })
export type RawRow<T> = Omit<T, 'key'> & { key: Uint8Array }
export const decodeRow = <T extends { key: string }>(row: RawRow<T>): T =>
  ({ ...row, key: keyDecoder.decode(row.key) }) as unknown as T

export const toEntry = (row: Pick<Row, 'key' | 'expiration' | 'metadata'>): DiskEntry => ({
  name: row.key,
  ...(row.expiration === null
    ? {}
    : { expiration: Math.floor(row.expiration / EXPIRATION_UNIT_MS) }),
  ...(row.metadata === null ? {} : { metadata: JSON.parse(row.metadata) }),
})

export const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
export const fromBase64 = (text: string) => Buffer.from(text, 'base64').toString('utf8')
