import { getFlags } from './flags'
import type { OpCounts } from './op-counts'
import type { KvOpKind, RequestTrace, TracedOp, UsageCounts } from './types'

/** How much the meter keeps: memory stays bounded however long the server runs. */
export const USAGE_LIMITS = {
  /** Recent requests kept with their operations. */
  RECENT_REQUESTS: 200,
  /** Operations kept per request; the rest are counted in `droppedOps`. */
  OPS_PER_REQUEST: 100,
  /** Distinct routes counted one by one; others add up under `other`. */
  ROUTES: 500,
} as const

const COUNTED: Record<KvOpKind, keyof OpCounts> = {
  read: 'reads',
  write: 'writes',
  delete: 'deletes',
  list: 'lists',
}

const zero = (): OpCounts => ({ reads: 0, writes: 0, deletes: 0, lists: 0 })

export interface UsageMeter {
  /** Opens the trace of a request; `end` closes it. */
  begin(request: { method: string; path: string }): RequestTrace
  /** Adds one KV call to `trace` and to the counts. */
  record(trace: RequestTrace, op: TracedOp): void
  end(trace: RequestTrace, result: { status: number; route: string | null; persona: string }): void
  /** The kept requests, newest first. */
  recent(): RequestTrace[]
  /** How many requests `recent` keeps at most. */
  readonly kept: number
  usage(): UsageCounts
  /** Calls `listener` with each request's trace as it ends; the function returned stops it. */
  onRequest(listener: (trace: RequestTrace) => void): () => void
}

/** Counts KV calls per binding, per route and in total, and keeps the last requests' traces. */
export function createUsageMeter(
  limits: Record<keyof typeof USAGE_LIMITS, number> = USAGE_LIMITS,
): UsageMeter {
  const since = new Date().toISOString()
  const total = zero()
  const byBinding = new Map<string, OpCounts>()
  const byRoute = new Map<string, OpCounts & { requests: number }>()
  const ring: RequestTrace[] = []
  let requests = 0
  let nextId = 1
  const listeners = new Set<(trace: RequestTrace) => void>()

  const routeCounts = (trace: RequestTrace) => {
    const name = `${trace.method} ${trace.route ?? '(no route)'}`
    const key = byRoute.has(name) || byRoute.size < limits.ROUTES ? name : 'other'
    const counts = byRoute.get(key) ?? { requests: 0, ...zero() }
    byRoute.set(key, counts)
    return counts
  }

  const tally = (trace: RequestTrace, op: TracedOp) => {
    const field = COUNTED[op.kind]
    // A bulk get is billed per key it reads.
    const n = Array.isArray(op.key) ? op.key.length : 1
    total[field] += n
    trace.counts[field] += n
    const counts = byBinding.get(op.binding) ?? zero()
    byBinding.set(op.binding, counts)
    counts[field] += n
  }

  return {
    begin({ method, path }) {
      return {
        id: nextId++,
        at: Date.now(),
        method,
        path,
        route: null,
        status: 0,
        persona: 'anonymous',
        ms: performance.now(),
        ops: [],
        droppedOps: 0,
        counts: zero(),
        flags: [],
      }
    },
    record(trace, op) {
      // Kept calls are counted when the request ends: the call itself only pays the push.
      if (trace.ops.length < limits.OPS_PER_REQUEST) trace.ops.push(op)
      else {
        trace.droppedOps++
        tally(trace, op)
      }
    },
    end(trace, { status, route, persona }) {
      Object.assign(trace, { status, route, persona, ms: performance.now() - trace.ms })
      for (const op of trace.ops) tally(trace, op)
      trace.flags = getFlags(trace)
      requests++
      const counts = routeCounts(trace)
      counts.requests++
      for (const field of Object.values(COUNTED)) counts[field] += trace.counts[field]
      ring.push(trace)
      if (ring.length > limits.RECENT_REQUESTS) ring.shift()
      for (const listener of listeners) listener(trace)
    },
    onRequest: (listener) => {
      // A wrapper per call, so one listener added twice is also stopped twice.
      const call = (trace: RequestTrace) => listener(trace)
      listeners.add(call)
      return () => listeners.delete(call)
    },
    recent: () => ring.slice().reverse(),
    kept: limits.RECENT_REQUESTS,
    usage: () => ({
      ...total,
      requests,
      since,
      byBinding: Object.fromEntries(byBinding),
      byRoute: Object.fromEntries(byRoute),
    }),
  }
}
