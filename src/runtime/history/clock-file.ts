import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** kvdev's record of the store clock's jumps, in its state directory. */
export const CLOCK_FILE = 'clock.json'

/** How far a namespace's clock was moved, as the inspector shows it ("store clock +1 h"). */
export interface ClockState {
  /** The sum of every jump, in seconds. */
  advancedSeconds: number
  /** The last jumps, newest last. */
  jumps: { seconds: number; at: number; expired: number }[]
}

type ClockFile = Record<string, ClockState>

/** Jumps kept per namespace: enough to tell the story, never a growing file. */
const MAX_JUMPS = 20

function readAll(stateDir: string): ClockFile {
  try {
    const parsed = JSON.parse(readFileSync(join(stateDir, CLOCK_FILE), 'utf8')) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as ClockFile) : {}
  } catch {
    return {}
  }
}

export function readClock(stateDir: string, namespaceId: string): ClockState {
  const state = readAll(stateDir)[namespaceId]
  return state && Number.isFinite(state.advancedSeconds) ? state : { advancedSeconds: 0, jumps: [] }
}

/** Records a jump; written whole to a temporary file and renamed, so no reader sees half of it. */
export function recordJump(
  stateDir: string,
  namespaceId: string,
  jump: { seconds: number; expired: number },
): ClockState {
  const all = readAll(stateDir)
  const previous = readClock(stateDir, namespaceId)
  const next: ClockState = {
    advancedSeconds: previous.advancedSeconds + jump.seconds,
    jumps: [...previous.jumps, { ...jump, at: Date.now() }].slice(-MAX_JUMPS),
  }
  all[namespaceId] = next
  const path = join(stateDir, CLOCK_FILE)
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 })
  renameSync(temporary, path)
  return next
}
