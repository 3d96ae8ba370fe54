/**
 * Reads, writes, deletes and lists counted since the server started. Apart from `types.ts`,
 * which holds the estimate, so the prices and the estimate can name it without a cycle.
 */
export interface OpCounts {
  reads: number
  writes: number
  deletes: number
  lists: number
}
