import { createRequire } from 'node:module'

/** Node's built-in SQLite's `DatabaseSync`, or undefined on a Node without it (before 22.13). */
export function nodeSqlite() {
  const emitWarning = process.emitWarning
  // Node 22 warns that node:sqlite is experimental; the bench's output is not the place.
  process.emitWarning = (w, ...rest) =>
    String(w?.message ?? w).includes('SQLite') ? undefined : emitWarning.call(process, w, ...rest)
  try {
    return createRequire(import.meta.url)('node:sqlite').DatabaseSync
  } catch {
    return undefined
  } finally {
    process.emitWarning = emitWarning
  }
}
