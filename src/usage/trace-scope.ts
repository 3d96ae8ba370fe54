import type { TracedOp } from './types'

/** Where the KV calls of one traced request go. */
export interface TraceScope {
  record(op: TracedOp): void
  /** The request's location (`x-kvdev-location`), for the propagation delay. */
  location?: string
}

/** A binding's per-request view: the same binding, its calls recorded on `scope`. */
export const TRACED = Symbol.for('kvdev.traced')

type Traceable = { [TRACED]?: (scope: TraceScope) => unknown }

/**
 * The env a request's route sees: each kvdev binding replaced by its view recording on
 * `scope`, everything else as it is. A view per request rather than AsyncLocalStorage: on
 * Node 20 and 22 an enabled AsyncLocalStorage slows every promise in the process (its
 * promise hook), which a hot `get` of about 1 µs would feel.
 */
export function traceEnv<E extends object>(env: E, scope: TraceScope): E {
  const traced = { ...env } as Record<string, unknown>
  for (const [name, value] of Object.entries(env)) {
    const view = (value as Traceable | null)?.[TRACED]
    if (typeof view === 'function') traced[name] = view(scope)
  }
  return traced as E
}
