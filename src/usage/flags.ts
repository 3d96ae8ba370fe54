import type { RequestTrace, TraceFlag } from './types'

/** Writes with one op and key pattern in one request from which kvdev calls it a loop. */
export const WRITE_LOOP_MIN = 5

/** `score:12` and `score:13` are one pattern: a loop writing one key per item. */
const keyPattern = (key: string) => key.replace(/\d+/g, '#')

/** Repeated reads of one key, and writes repeated with one key pattern, in a request's operations. */
export function getFlags(trace: Pick<RequestTrace, 'ops'>): TraceFlag[] {
  const reads = new Map<string, { binding: string; key: string; count: number }>()
  const writes = new Map<string, { binding: string; key: string; op: string; count: number }>()
  for (const op of trace.ops) {
    if (typeof op.key !== 'string') continue
    if (op.kind === 'read') {
      const id = `${op.binding}\0${op.key}`
      const seen = reads.get(id) ?? { binding: op.binding, key: op.key, count: 0 }
      seen.count++
      reads.set(id, seen)
    } else if (op.kind === 'write' || op.kind === 'delete') {
      const key = keyPattern(op.key)
      const id = `${op.binding}\0${op.op}\0${key}`
      const seen = writes.get(id) ?? { binding: op.binding, key, op: op.op, count: 0 }
      seen.count++
      writes.set(id, seen)
    }
  }
  const flags: TraceFlag[] = []
  for (const { binding, key, count } of reads.values()) {
    if (count < 2) continue
    flags.push({
      kind: 'repeated-read',
      binding,
      key,
      count,
      message: `${binding}.get of ${JSON.stringify(key)} ${count} times in one request. Read it once and keep the value.`,
    })
  }
  for (const { binding, key, op, count } of writes.values()) {
    if (count < WRITE_LOOP_MIN) continue
    flags.push({
      kind: 'write-loop',
      binding,
      key,
      count,
      message: `${binding}.${op} ${count} times on ${JSON.stringify(key)} in one request: a write in a loop. Each costs a write; store the items under one key.`,
    })
  }
  return flags
}
