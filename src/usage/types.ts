import type { CostEstimate } from './estimate'
import type { OpCounts } from './op-counts'

/** A KV operation as the meter counts it: every binding method falls in one of these. */
export type KvOpKind = 'read' | 'write' | 'delete' | 'list'

/** One KV call a route made, in the order it made them. */
export interface TracedOp {
  /** The binding method: get, getWithMetadata, put, delete, list. */
  op: string
  kind: KvOpKind
  binding: string
  /** The key, the keys of a bulk get, or for `list` its prefix (null when it lists everything). */
  key: string | string[] | null
  /** Reads only: whether a value was found (a bulk get is a hit when any key was). */
  hit?: boolean
  /** Bytes of the value read or written, when the value is a string or bytes; null otherwise. */
  bytes: number | null
  /** Milliseconds from the call to its answer; 0 for a read kvdev's memory cache answered. */
  ms: number
  /** Reads only: answered from kvdev's in-memory read cache, with no I/O (so not timed). */
  cached?: true
  /** The error's message, when the call failed. */
  error?: string
}

/** A pattern kvdev points out in one request's operations. */
export interface TraceFlag {
  kind: 'repeated-read' | 'write-loop'
  binding: string
  /** The key read again, or the key pattern written (digits shown as `#`). */
  key: string
  count: number
  message: string
}

/** One request to the app's routes and the KV calls it made. */
export interface RequestTrace {
  id: number
  /** Epoch milliseconds at the start. */
  at: number
  method: string
  path: string
  /** The route that answered, as registered (`/api/users/:id`), or null when none did. */
  route: string | null
  status: number
  /** The persona's `sub`, or `anonymous`. */
  persona: string
  ms: number
  ops: TracedOp[]
  /** Calls beyond the per-request bound: counted, not kept. */
  droppedOps: number
  /** Every call of the request, kept or dropped, by kind. */
  counts: OpCounts
  flags: TraceFlag[]
}

export interface UsageCounts extends OpCounts {
  /** Requests to the app's routes since start. */
  requests: number
  since: string
  byBinding: Record<string, OpCounts>
  /** Keyed `METHOD /route`; each also counts its requests. */
  byRoute: Record<string, OpCounts & { requests: number }>
}

/** `GET usage`: the counts, and the estimate when a monthly request volume was given. */
export interface UsageReport extends UsageCounts {
  estimate: CostEstimate | null
}
