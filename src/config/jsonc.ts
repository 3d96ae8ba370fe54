import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser'

// The build bundles `jsonc-parser`'s ES module build (tsup.config.ts): its parser alone, in
// the chunk that uses it, where Node would otherwise load its six CommonJS files on every run.

/** The byte-order mark some editors put first; wrangler drops it before parsing. */
const BOM = '\uFEFF'

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text
}

/** 1-based line and column of `offset` in `text`, as editors count them. */
export function getLineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  return { line: before.split('\n').length, column: offset - lineStart + 1 }
}

/**
 * Parses JSON with comments and trailing commas, as wrangler reads `wrangler.jsonc` (it uses
 * `jsonc-parser` too). A leading byte-order mark is ignored. Throws on the first syntax error,
 * naming its line and column in the text as given.
 *
 * @example
 * parseJsonc('{ // the KV namespaces\n "kv_namespaces": [{ "binding": "KV" },] }')
 */
export function parseJsonc(text: string): unknown {
  const body = stripBom(text)
  const errors: ParseError[] = []
  const value = parse(body, errors, { allowTrailingComma: true, disallowComments: false })
  const first = errors[0]
  if (first) {
    const { line, column } = getLineColumn(body, first.offset)
    const token = body.slice(first.offset, first.offset + Math.max(1, first.length))
    const found = token === '' ? 'the end of the file' : JSON.stringify(token)
    throw new SyntaxError(
      `${printParseErrorCode(first.error)} at line ${line}, column ${column} (found ${found})`,
    )
  }
  return value
}
