import { createRequire } from 'node:module'
import type { ParseError } from 'jsonc-parser'

/**
 * `jsonc-parser`, required (its CommonJS build) when a file is parsed: `import`ing it makes
 * Node scan each of its CommonJS files for named exports, which tripled the cost of loading it
 * on every CLI run.
 */
const loadJsoncParser = (): typeof import('jsonc-parser') =>
  createRequire(import.meta.url)('jsonc-parser')

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
  const { parse, printParseErrorCode } = loadJsoncParser()
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
