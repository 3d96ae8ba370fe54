/** ANSI styles, or plain text when colour is off (NO_COLOR, or stderr/stdout not a terminal). */
export interface Colors {
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  yellow(text: string): string
  cyan(text: string): string
}

const style = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`
const plain = (text: string) => text

export function createColors(enabled: boolean): Colors {
  if (!enabled) return { bold: plain, dim: plain, red: plain, yellow: plain, cyan: plain }
  return {
    bold: style(1, 22),
    dim: style(2, 22),
    red: style(31, 39),
    yellow: style(33, 39),
    cyan: style(36, 39),
  }
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function getColorEnabled(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb'
}
