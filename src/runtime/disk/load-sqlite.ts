import { createRequire } from 'node:module'

type SqliteModule = typeof import('node:sqlite')

let loaded: SqliteModule | null | undefined

/**
 * Node's built-in SQLite, or null where this Node has none (it needs a flag before
 * 22.13). Node 22 prints an ExperimentalWarning on first use; a CLI that prints it
 * on every read would be lying about a problem, so that one warning is dropped.
 */
export function loadSqlite(): SqliteModule | null {
  if (loaded !== undefined) return loaded
  const emitWarning = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message
    if (text.includes('SQLite')) return
    ;(emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    loaded = createRequire(import.meta.url)('node:sqlite') as SqliteModule
  } catch {
    loaded = null
  } finally {
    process.emitWarning = emitWarning
  }
  return loaded
}
