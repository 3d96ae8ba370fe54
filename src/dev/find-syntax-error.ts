import { spawnSync } from 'node:child_process'

/**
 * The file and line of a module V8 refuses to parse. V8's `SyntaxError` from `import()` names
 * neither (Node prints them from a field it keeps private), so the sources just loaded are
 * checked again, each by `node --check` as Node parses a module: on the error path only.
 */
export function findSyntaxError(sources: ReadonlyMap<string, string>): string | undefined {
  for (const [file, source] of sources) {
    const check = spawnSync(process.execPath, ['--check', '--input-type=module'], {
      input: source,
      encoding: 'utf8',
    })
    if (check.status === 0) continue
    const line = check.stderr.match(/^\[stdin\]:(\d+)/m)?.[1]
    return `${file}${line ? `:${line}` : ''}`
  }
  return undefined
}
