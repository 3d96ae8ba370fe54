import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { ENTRY_COLUMNS, getInstalledVersions, getUntestedReason } from './miniflare-format'

/** The record of a passed probe, in the store's state directory (0700). */
export const PROOF_FILE = 'files-proof.json'

/** What a probe proved: the files equal to workerd's binding for this Miniflare, this workerd, this schema. */
export interface ProofKey {
  miniflare: string
  workerd: string
  columns: readonly string[]
}

/**
 * The key a probe on this install proves, read from Miniflare's and workerd's package.json
 * (Miniflare itself is not loaded); undefined where the files path does not run at all
 * (versions unread or untested).
 */
export function getProofKey(): ProofKey | undefined {
  const installed = getInstalledVersions()
  if (!installed || getUntestedReason(installed) !== undefined) return undefined
  return { ...installed, columns: ENTRY_COLUMNS }
}

/** Whether a probe recorded in `stateDir` proved this very key (a record for other versions proves nothing). */
export function hasProof(stateDir: string, key: ProofKey): boolean {
  try {
    const record = JSON.parse(readFileSync(join(stateDir, PROOF_FILE), 'utf8')) as unknown
    return isDeepStrictEqual(record, { ...key, columns: [...key.columns] })
  } catch {
    return false
  }
}

/** Records a passed probe; written whole (a temporary file renamed) so a reader never sees half. */
export function recordProof(stateDir: string, key: ProofKey): void {
  const path = join(stateDir, PROOF_FILE)
  const temporary = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, `${JSON.stringify(key)}\n`, { mode: 0o600 })
    renameSync(temporary, path)
  } catch {
    // Only the next start's speed depends on it: that start probes first, as without a record.
    rmSync(temporary, { force: true })
  }
}

/** Forgets a record a probe has since disproved: the next start probes first. */
export function forgetProof(stateDir: string): void {
  rmSync(join(stateDir, PROOF_FILE), { force: true })
}
