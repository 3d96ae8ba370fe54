import type { Io } from './io'

export interface Progress {
  /** Adds `n` to what is done and redraws. */
  advance(n: number): void
  readonly done: number
  /** Clears the bar. */
  end(): void
}

const WIDTH = 24
/** Redraws at most this often, so a fast loop does not flood the terminal. */
const REDRAW_MS = 80

/** A progress bar on stderr, drawn only when stderr is a terminal (never into logs or pipes). */
export function createProgress(io: Io, label: string, total: number, quiet: boolean): Progress {
  const enabled = io.stderrIsTTY && !quiet && total > 0
  let done = 0
  let drawnAt = 0
  const draw = () => {
    const ratio = Math.min(1, done / total)
    const filled = Math.round(ratio * WIDTH)
    io.status(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total}`)
  }
  return {
    get done() {
      return done
    },
    advance(n) {
      done += n
      if (!enabled) return
      const now = Date.now()
      if (now - drawnAt >= REDRAW_MS || done >= total) {
        drawnAt = now
        draw()
      }
    },
    end() {
      if (enabled && drawnAt > 0) io.status('\r\u001b[2K')
    },
  }
}
