/** The first JSON syntax error in a text: where it is (0-based offset) and what it is. */
export interface JsonSyntaxError {
  offset: number
  reason: string
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])
const HEX4 = /^[0-9a-fA-F]{4}$/
const LITERALS = ['true', 'false', 'null']

/**
 * Finds the first syntax error in `text`, or undefined when it is valid JSON. JSON.parse
 * names a position on some Node versions and messages only, so this scanner gives every
 * version the same answer. It runs only after JSON.parse has failed, and keeps its own stack
 * so deep nesting cannot overflow the call stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0
  const containers: ('{' | '[')[] = []
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const unexpected = (): JsonSyntaxError =>
    i >= text.length
      ? { offset: i, reason: 'unexpected end of input' }
      : { offset: i, reason: `unexpected character ${JSON.stringify(text[i])}` }

  const readString = (): JsonSyntaxError | undefined => {
    const start = i++
    for (;;) {
      if (i >= text.length) return { offset: start, reason: 'unterminated string' }
      const char = text[i]!
      if (char === '"') {
        i++
        return undefined
      }
      if (char === '\\') {
        const next = text[i + 1] ?? ''
        if (next === 'u' && HEX4.test(text.slice(i + 2, i + 6))) i += 6
        else if (ESCAPES.has(next)) i += 2
        else return { offset: i, reason: `invalid escape ${JSON.stringify(text.slice(i, i + 2))}` }
      } else if (char.charCodeAt(0) < 0x20) {
        return { offset: i, reason: `control character ${JSON.stringify(char)} in string` }
      } else i++
    }
  }

  /** A property name and its colon; leaves `i` where the value starts. */
  const readKey = (): JsonSyntaxError | undefined => {
    skipSpace()
    if (text[i] !== '"') return unexpected()
    const error = readString()
    if (error) return error
    skipSpace()
    if (text[i] !== ':') return unexpected()
    i++
    return undefined
  }

  let expectValue = true
  for (;;) {
    skipSpace()
    const char = text[i]
    if (expectValue) {
      if (char === '{' || char === '[') {
        i++
        skipSpace()
        if (text[i] === (char === '{' ? '}' : ']')) {
          i++
          expectValue = false
          continue
        }
        containers.push(char)
        if (char === '{') {
          const error = readKey()
          if (error) return error
        }
        continue
      }
      if (char === '"') {
        const error = readString()
        if (error) return error
      } else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
        NUMBER.lastIndex = i
        if (!NUMBER.test(text)) return { offset: i, reason: 'invalid number' }
        i = NUMBER.lastIndex
      } else {
        const literal = LITERALS.find((word) => text.startsWith(word, i))
        if (literal === undefined) return unexpected()
        i += literal.length
      }
      expectValue = false
      continue
    }
    const top = containers.at(-1)
    if (top === undefined) return i < text.length ? unexpected() : undefined
    if (char === ',') {
      i++
      if (top === '{') {
        const error = readKey()
        if (error) return error
      }
      expectValue = true
    } else if (char === (top === '{' ? '}' : ']')) {
      i++
      containers.pop()
    } else return unexpected()
  }
}

/** 1-based line and column (in UTF-16 units) of a 0-based offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++
    lineStart = at + 1
  }
  return { line, column: offset - lineStart + 1 }
}
