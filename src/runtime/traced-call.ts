import type { TraceScope } from '../usage/trace-scope'
import type { KvOpKind } from '../usage/types'

/** What a traced KV call was: the binding method, its kind, binding and key. */
export type Call = { op: string; kind: KvOpKind; binding: string; key: string | string[] | null }

/** Adds a call to the trace of the request it ran in. */
export function record(
  scope: TraceScope,
  { op, kind, binding, key }: Call,
  start: number,
  found: { hit?: boolean; bytes: number | null },
  error?: unknown,
) {
  const ms = performance.now() - start
  if (error === undefined)
    scope.record({ op, kind, binding, key, hit: found.hit, bytes: found.bytes, ms })
  else {
    const message = error instanceof Error ? error.message : String(error)
    scope.record({ op, kind, binding, key, bytes: found.bytes, ms, error: message })
  }
}

/** Runs a call, recorded on the current request's trace when there is one. */
export async function traced<T>(
  scope: TraceScope | undefined,
  call: Call,
  run: () => Promise<T>,
  found: (result: T) => { hit?: boolean; bytes: number | null } = () => ({ bytes: null }),
): Promise<T> {
  if (scope === undefined) return run()
  const start = performance.now()
  try {
    const result = await run()
    record(scope, call, start, found(result))
    return result
  } catch (error) {
    record(scope, call, start, { bytes: null }, error)
    throw error
  }
}

/** The key as the trace shows it; one whose `String()` throws fails in the call itself. */
export function keyName(key: unknown): string {
  try {
    return String(key)
  } catch {
    return '(unprintable key)'
  }
}

export function bulkFound(result: Map<string, unknown>, withMetadata: boolean) {
  let hit = false
  let bytes = 0
  for (const entry of result.values()) {
    const value = withMetadata ? (entry as { value: unknown } | null)?.value : entry
    if (value === null || value === undefined) continue
    hit = true
    if (typeof value === 'string') bytes += Buffer.byteLength(value)
  }
  return { hit, bytes }
}
