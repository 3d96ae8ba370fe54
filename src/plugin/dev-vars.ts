import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const LINE = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)?\s*$/

function unquote(raw: string): string {
  const value = raw.trim()
  const quote = value[0]
  if (
    (quote === '"' || quote === "'" || quote === '`') &&
    value.endsWith(quote) &&
    value.length > 1
  ) {
    const inner = value.slice(1, -1)
    return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : inner
  }
  const comment = value.indexOf(' #')
  return comment === -1 ? value : value.slice(0, comment).trimEnd()
}

/** Parses a dotenv file (`KEY=value`, quotes, `#` comments), as wrangler reads `.dev.vars`. */
export function parseDotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = Object.create(null)
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue
    const match = LINE.exec(line)
    if (match) vars[match[1]!] = unquote(match[2] ?? '')
  }
  return { ...vars }
}

/**
 * Reads `.dev.vars` next to the wrangler config, preferring `.dev.vars.<env>` as wrangler
 * does. Read on every call, so an edit applies to the next request.
 */
export function readDevVars(dir: string, env: string | undefined): Record<string, string> {
  const candidates = env ? [`.dev.vars.${env}`, '.dev.vars'] : ['.dev.vars']
  for (const name of candidates) {
    const path = resolve(dir, name)
    if (existsSync(path)) return parseDotenv(readFileSync(path, 'utf8'))
  }
  return {}
}
