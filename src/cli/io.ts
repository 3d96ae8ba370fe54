import { type Colors, createColors, getColorEnabled } from './output/color'
import { isStdoutTTY, writeStdout } from './stdout'

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

/**
 * Each stream, and what is known of it, is looked up when first used: Node builds
 * `process.stdin` and `process.stderr` on first access (a pipe costs a socket, milliseconds),
 * and most runs read no stdin and, with --quiet, write nothing on stderr. stdout: `stdout.ts`.
 */
export function createIo(quiet: boolean): Io {
  const once = <T>(read: () => T): (() => T) => {
    let value: { v: T } | undefined
    return () => {
      value ??= { v: read() }
      return value.v
    }
  }
  const stdoutIsTTY = once(isStdoutTTY)
  const stderrIsTTY = once(() => process.stderr.isTTY === true)
  const stdinIsTTY = once(() => process.stdin.isTTY === true)
  const color = once(() => createColors(getColorEnabled(stdoutIsTTY())))
  const errColor = once(() => createColors(getColorEnabled(stderrIsTTY())))
  return {
    get stdoutIsTTY() {
      return stdoutIsTTY()
    },
    get stderrIsTTY() {
      return stderrIsTTY()
    },
    get stdinIsTTY() {
      return stdinIsTTY()
    },
    get color() {
      return color()
    },
    get errColor() {
      return errColor()
    },
    out: writeStdout,
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
