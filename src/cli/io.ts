import { type Colors, createColors, getColorEnabled } from './output/color'

/** Where a command writes: data to stdout, diagnostics to stderr. */
export interface Io {
  readonly stdoutIsTTY: boolean
  readonly stderrIsTTY: boolean
  readonly stdinIsTTY: boolean
  /** Colours for stdout (a table on a terminal). */
  readonly color: Colors
  /** Colours for stderr (diagnostics). */
  readonly errColor: Colors
  /** Writes data to stdout, waiting until it is flushed (large dumps, pipes). */
  out(data: string | Uint8Array): Promise<void>
  /** A diagnostic line on stderr, shown even with --quiet (errors, refusals). */
  error(line: string): void
  /** An informational line on stderr, hidden by --quiet. */
  info(line: string): void
  /** Raw text on stderr (progress bars), hidden by --quiet. */
  status(text: string): void
}

export function createIo(quiet: boolean): Io {
  const stdoutIsTTY = process.stdout.isTTY === true
  const stderrIsTTY = process.stderr.isTTY === true
  return {
    stdoutIsTTY,
    stderrIsTTY,
    stdinIsTTY: process.stdin.isTTY === true,
    color: createColors(getColorEnabled(stdoutIsTTY)),
    errColor: createColors(getColorEnabled(stderrIsTTY)),
    out(data) {
      return new Promise((resolve, reject) => {
        process.stdout.write(data, (error) => (error ? reject(error) : resolve()))
      })
    },
    error(line) {
      process.stderr.write(`${line}\n`)
    },
    info(line) {
      if (!quiet) process.stderr.write(`${line}\n`)
    },
    status(text) {
      if (!quiet) process.stderr.write(text)
    },
  }
}
