import type { RequestTrace } from './types'

/** One line per request for the terminal: `POST /api/scores/chess 200 ada · 2 reads, 6 writes · 2 flagged`. */
export function formatTraceLine(trace: RequestTrace): string {
  const { reads, writes, deletes, lists } = trace.counts
  const calls = [
    [reads, 'read'],
    [writes, 'write'],
    [deletes, 'delete'],
    [lists, 'list'],
  ]
    .filter(([n]) => n !== 0)
    .map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`)
  const flagged =
    trace.flags.length > 0
      ? ` · ${trace.flags.length} flagged: ${trace.flags.map((f) => f.message).join(' ')}`
      : ''
  return `[kvdev] ${trace.method} ${trace.path} ${trace.status} ${trace.persona} · ${calls.length > 0 ? calls.join(', ') : 'no KV calls'}${flagged}`
}
