/**
 * Re-indents JSON text without parsing it into numbers, so `12345678901234567890` keeps its
 * digits (JSON.parse + stringify would round it). Expects valid JSON.
 */
export function prettyJson(text: string, indent = '  '): string {
  let out = ''
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (inString) {
      out += char
      if (char === '\\') out += text[++i] ?? ''
      else if (char === '"') inString = false
      continue
    }
    if (char === ' ' || char === '\n' || char === '\r' || char === '\t') continue
    if (char === '"') {
      inString = true
      out += char
    } else if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']'
      const next = nextNonSpace(text, i + 1)
      if (text[next] === close) {
        out += char + close
        i = next
      } else {
        depth++
        out += `${char}\n${indent.repeat(depth)}`
      }
    } else if (char === '}' || char === ']') {
      depth--
      out += `\n${indent.repeat(depth)}${char}`
    } else if (char === ',') {
      out += `,\n${indent.repeat(depth)}`
    } else if (char === ':') {
      out += ': '
    } else {
      out += char
    }
  }
  return out
}

function nextNonSpace(text: string, from: number): number {
  let i = from
  while (i < text.length && /\s/.test(text[i]!)) i++
  return i
}
