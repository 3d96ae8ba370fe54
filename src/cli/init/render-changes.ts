import type { FileChange } from './file-change'

/** The lines that differ between two texts: the changed middle, between the common start and end. */
function diffLines(before: string, after: string): string[] {
  const a = before.split(/\r?\n/)
  const b = after.split(/\r?\n/)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let end = 0
  while (end < a.length - start && end < b.length - start && a.at(-1 - end) === b.at(-1 - end))
    end++
  return [
    `  @@ line ${start + 1}`,
    ...a.slice(start, a.length - end).map((line) => `  - ${line}`),
    ...b.slice(start, b.length - end).map((line) => `  + ${line}`),
  ]
}

/** A summary, one line per file; planned changes also show the lines added or changed, diff-like. */
export function renderChanges(changes: readonly FileChange[], verbs: 'done' | 'planned'): string {
  const words =
    verbs === 'done'
      ? { create: 'created', update: 'updated', keep: 'kept' }
      : { create: 'create', update: 'update', keep: 'keep' }
  const lines: string[] = []
  for (const change of changes) {
    lines.push(`${words[change.action]} ${change.path}: ${change.note}`)
    if (verbs === 'done') continue
    if (change.action === 'create' && change.after !== undefined)
      lines.push(
        ...change.after
          .replace(/\r?\n$/, '')
          .split(/\r?\n/)
          .map((l) => `  + ${l}`),
      )
    if (change.action === 'update' && change.before !== undefined && change.after !== undefined)
      lines.push(...diffLines(change.before, change.after))
  }
  return `${lines.join('\n')}\n`
}
