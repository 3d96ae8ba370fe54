import { createHash, randomBytes } from 'node:crypto'

const sha = (text: string) => createHash('sha256').update(text).digest('hex')

/** A value that proves itself whole: `<sha256 of content>:<content>`. */
export function taggedValue(size: number, label = ''): string {
  const content = `${label}|${randomBytes(Math.ceil((size * 3) / 4))
    .toString('base64')
    .slice(0, size)}`
  return `${sha(content)}:${content}`
}

/** True when the value is a tagged value with its content intact (not torn, not truncated). */
export function isWhole(value: string): boolean {
  const cut = value.indexOf(':')
  return cut === 64 && sha(value.slice(65)) === value.slice(0, 64)
}

/** Random integer in [min, max]. */
export const randomInt = (min: number, max: number) =>
  min + Math.floor(Math.random() * (max - min + 1))
export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!
