import { CF_MESSAGES } from '../rules/binding-messages'
import { utf8Length } from '../rules/kv-rules'
import type { ResolvedRealism } from './options'

/** Workers KV's rate for writes to one key. */
export const WRITES_PER_KEY_PER_SECOND = 1
const WINDOW_MS = 1000 / WRITES_PER_KEY_PER_SECOND
/** Keys remembered before old entries are swept: bounded memory under any write load. */
const MAX_TRACKED_KEYS = 10_000

/** Thrown as the binding throws Cloudflare's own errors, so routes catch what production throws. */
const putFailed = (status: string, message = '') =>
  new Error(`KV PUT failed: ${status}${message ? ` ${message}` : ''}`)

export interface PutChecks {
  /** Throws when the put would fail under the realism modes on; counts it as a write otherwise. */
  check(binding: string, key: string, valueBytes: number, metadata: unknown): void
}

/** The checks of a put under `realism`, or undefined when every mode is off. */
export function createPutChecks(
  realism: ResolvedRealism,
  now: () => number = Date.now,
): PutChecks | undefined {
  if (realism.modes.length === 0) return undefined
  const { limits } = realism
  const lastWrite = new Map<string, number>()
  return {
    check(binding, key, valueBytes, metadata) {
      const keyBytes = utf8Length(key)
      if (keyBytes > limits.maxKeyBytes) {
        throw putFailed('414', CF_MESSAGES.keyTooLong(keyBytes, limits.maxKeyBytes))
      }
      if (metadata !== undefined && metadata !== null) {
        const metadataBytes = utf8Length(JSON.stringify(metadata) ?? '')
        if (metadataBytes > limits.maxMetadataBytes) {
          throw putFailed(
            '413',
            CF_MESSAGES.metadataTooLarge(metadataBytes, limits.maxMetadataBytes),
          )
        }
      }
      if (valueBytes > limits.maxValueBytes) {
        throw putFailed('413', CF_MESSAGES.valueTooLarge(valueBytes, limits.maxValueBytes))
      }
      if (!realism.writeRateLimit) return
      const id = `${binding}\0${key}`
      const at = now()
      const last = lastWrite.get(id)
      if (last !== undefined && at - last < WINDOW_MS) throw putFailed('429 Too Many Requests')
      if (lastWrite.size >= MAX_TRACKED_KEYS) {
        for (const [k, t] of lastWrite) if (at - t >= WINDOW_MS) lastWrite.delete(k)
      }
      lastWrite.set(id, at)
    },
  }
}
