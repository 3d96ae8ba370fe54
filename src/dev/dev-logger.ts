import type { Logger } from 'vite'

const time = () => new Date().toLocaleTimeString('en-GB', { hour12: false })

/**
 * The logger `kvdev dev` gives kvdev's session in place of Vite's: every line on stderr, since
 * stdout carries the server's URL alone (data for scripts).
 */
export function createDevLogger(write = (line: string) => process.stderr.write(`${line}\n`)) {
  const warned = new Set<string>()
  const say = (message: string, options?: { timestamp?: boolean }) =>
    write(options?.timestamp ? `${time()} ${message}` : message)
  const logger: Logger = {
    info: say,
    warn: say,
    warnOnce(message, options) {
      if (warned.has(message)) return
      warned.add(message)
      say(message, options)
    },
    error: say,
    clearScreen() {},
    hasErrorLogged: () => false,
    get hasWarned() {
      return warned.size > 0
    },
  }
  return logger
}
