import { isKvdevError } from '../errors'

/** The CLI's exit codes; every command's help lists them. */
export const EXIT = {
  OK: 0,
  NOT_FOUND: 1,
  USAGE: 2,
  FAILURE: 3,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** An error the CLI reports as is, with the exit code it calls for. */
export class CliError extends Error {
  override name = 'CliError'
  readonly exitCode: ExitCode

  constructor(exitCode: ExitCode, message: string, options?: { cause?: unknown }) {
    super(message.startsWith('[kvdev]') ? message : `[kvdev] ${message}`, options)
    this.exitCode = exitCode
  }
}

export const usageError = (message: string) => new CliError(EXIT.USAGE, message)

/** Maps any thrown value to an exit code: bad input is a usage error, a missing key is not found. */
export function getExitCode(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode
  if (isKvdevError(error)) {
    if (error.code === 'ERR_OPTION' || error.code === 'ERR_CONFIG' || error.code === 'ERR_SEED')
      return EXIT.USAGE
    if (error.code === 'ERR_NOT_FOUND') return EXIT.NOT_FOUND
  }
  return EXIT.FAILURE
}

export function getErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.startsWith('[kvdev]') ? message : `[kvdev] ${message}`
}
