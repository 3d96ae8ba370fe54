import { EXIT } from './exit'
import type { Io } from './io'

/** Ctrl-C during bulk work: say exactly what was done, so the user knows the state they are in. */
export function reportInterrupted(io: Io, done: string): number {
  io.error(
    `[kvdev] Interrupted: ${done}. The rest was not touched; run the command again to finish.`,
  )
  return EXIT.FAILURE
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
