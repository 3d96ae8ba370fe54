export interface Interrupt {
  /** True once the user pressed Ctrl-C (or the process got SIGTERM). */
  readonly requested: boolean
  /** Gives the signals back to the handlers that had them. */
  dispose(): void
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const
/** What a shell reports for a process ended by SIGINT (128 + 2). */
const FORCED_EXIT_CODE = 130

/**
 * Takes over SIGINT/SIGTERM during bulk work (or while `kvdev dev` runs) so the command
 * stops between chunks and reports how much was done, instead of dying mid-chunk.
 * Miniflare's exit hook would otherwise `process.exit(130)` on the first Ctrl-C, so the
 * handlers already installed are set aside, and restored by `dispose()`. A second
 * Ctrl-C exits at once (the `exit` hooks still stop workerd).
 */
export function catchInterrupt(onRequest?: (signal: NodeJS.Signals) => void): Interrupt {
  let requested = false
  const saved = new Map<string, ((...args: unknown[]) => void)[]>()
  const onSignal = (signal: NodeJS.Signals) => {
    if (requested) process.exit(FORCED_EXIT_CODE)
    requested = true
    onRequest?.(signal)
  }
  for (const signal of SIGNALS) {
    saved.set(signal, process.listeners(signal) as (() => void)[])
    process.removeAllListeners(signal)
    process.on(signal, onSignal)
  }
  return {
    get requested() {
      return requested
    },
    dispose() {
      for (const signal of SIGNALS) {
        process.off(signal, onSignal)
        for (const listener of saved.get(signal) ?? []) process.on(signal, listener)
      }
    },
  }
}
