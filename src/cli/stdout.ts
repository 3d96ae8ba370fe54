import { fstatSync, writeSync } from 'node:fs'

const STDOUT_FD = 1

let stream: NodeJS.WriteStream | undefined
/** Whether fd 1 takes the CLI's writes directly: a pipe, a socket or a file, not a character device. */
let direct: boolean | undefined

/** `process.stdout`, built on first use. `kvdev list | head` closes stdout early: that is not an error. */
function getStream(): NodeJS.WriteStream {
  if (!stream) {
    stream = process.stdout
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0)
      throw error
    })
  }
  return stream
}

/**
 * Node builds `process.stdout` over a pipe or a socket as a socket of its own, milliseconds on
 * every run for a few bytes written once. A pipe, a socket or a file takes the bytes with
 * `write(2)`, as the stream would (stdout's writes to pipes and files are synchronous on POSIX);
 * a terminal or /dev/null (a character device) goes through the stream, which knows a terminal.
 */
function writesDirect(): boolean {
  if (direct === undefined) {
    try {
      direct = !fstatSync(STDOUT_FD).isCharacterDevice()
    } catch {
      direct = false
    }
  }
  return direct && !stream
}

/** Whether stdout is a terminal, as `process.stdout.isTTY` says; a pipe or a file is known not to be without building it. */
export function isStdoutTTY(): boolean {
  return writesDirect() ? false : getStream().isTTY === true
}

/** Writes to stdout and resolves once the bytes are written (a full pipe waits for its reader). */
export function writeStdout(data: string | Uint8Array): Promise<void> {
  let rest = data
  if (writesDirect()) {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    let written = 0
    try {
      while (written < bytes.byteLength) written += writeSync(STDOUT_FD, bytes, written)
      return Promise.resolve()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EPIPE') process.exit(0)
      if (code !== 'EAGAIN') return Promise.reject(error)
      // A pipe another process left non-blocking is full: the stream waits for it to drain.
      rest = bytes.subarray(written)
    }
  }
  return new Promise((resolve, reject) => {
    getStream().write(rest, (error) => (error ? reject(error) : resolve()))
  })
}
