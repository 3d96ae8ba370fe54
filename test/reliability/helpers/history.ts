import { isWhole } from './values'

/** One write as a client saw it: a put (value) or a delete (null), when it started and when it was acknowledged. */
export interface WriteOp {
  key: string
  value: string | null
  start: number
  /** Set once the write was acknowledged; absent when it was in flight at a crash. */
  ack?: number
}

/**
 * The writes to a set of keys since a known state, and the check of an observed state
 * against them: linearizability of a register per key. A write A may be the final one
 * unless an acknowledged write to the same key started after A was acknowledged (that
 * one must land after A). A write never acknowledged may or may not have happened, so
 * it may be final too; the earlier state may be final only when no write was acknowledged.
 */
export class WriteHistory {
  private ops = new Map<string, WriteOp[]>()
  private initial = new Map<string, string | null>()
  /** Acknowledged writes checked so far, over every `reset`. */
  acknowledged = 0
  unacknowledged = 0

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Starts a new window from an observed state (key → value; absent keys are missing). */
  reset(state: Map<string, string>): void {
    for (const ops of this.ops.values())
      for (const op of ops) op.ack ? this.acknowledged++ : this.unacknowledged++
    this.ops.clear()
    this.initial = new Map(state)
  }

  begin(key: string, value: string | null): WriteOp {
    const op: WriteOp = { key, value, start: this.now() }
    const list = this.ops.get(key) ?? []
    list.push(op)
    this.ops.set(key, list)
    return op
  }

  ack(op: WriteOp): void {
    op.ack = this.now()
  }

  keys(): string[] {
    return [...new Set([...this.initial.keys(), ...this.ops.keys()])]
  }

  /** The values the key may hold now (null: missing). */
  allowed(key: string): Set<string | null> {
    const ops = this.ops.get(key) ?? []
    const acked = ops.filter((op) => op.ack !== undefined)
    const allowed = new Set<string | null>(
      ops.filter((op) => op.ack === undefined).map((op) => op.value),
    )
    if (acked.length === 0) allowed.add(this.initial.get(key) ?? null)
    for (const a of acked) {
      if (!acked.some((p) => p.start > a.ack!)) allowed.add(a.value)
    }
    return allowed
  }

  /**
   * Compares a state read back from the store (key → value, from a full listing) with
   * the history. Returns the problems found, empty when the state is one the writes allow.
   */
  check(listed: string[], values: Record<string, string | null>): string[] {
    const problems: string[] = []
    const listedSet = new Set(listed)
    if (listedSet.size !== listed.length)
      problems.push(`listing repeats a key: ${listed.join(',')}`)
    for (const key of new Set([...this.keys(), ...listed])) {
      const value = values[key] ?? null
      if (listedSet.has(key) !== (value !== null)) {
        problems.push(`key ${key}: listed=${listedSet.has(key)} but readable=${value !== null}`)
      }
      if (value !== null && !isWhole(value))
        problems.push(`key ${key}: torn value (${value.length} chars)`)
      const allowed = this.allowed(key)
      if (!allowed.has(value)) {
        const describe = (v: string | null) =>
          v === null ? 'missing' : `${v.slice(0, 12)}…(${v.length})`
        problems.push(
          `key ${key}: holds ${describe(value)}; allowed: ${[...allowed].map(describe).join(', ')}`,
        )
      }
    }
    return problems
  }
}

/** Reads a state map out of listed keys and their values. */
export function toState(values: Record<string, string | null>): Map<string, string> {
  const state = new Map<string, string>()
  for (const [key, value] of Object.entries(values)) if (value !== null) state.set(key, value)
  return state
}
