import { KV_LIMITS } from '../constants'
import { KvdevError } from '../errors'

/** Explicit limits, each at most Workers KV's own. */
export interface RealismLimits {
  maxValueBytes?: number
  maxKeyBytes?: number
  maxMetadataBytes?: number
}

/** Production behaviour kvdev can imitate; every mode is off by default. */
export interface RealismOptions {
  /** More than one write a second to the same key fails, as Workers KV fails it (`429`). @default false */
  writeRateLimit?: boolean
  /**
   * A request's location is its `x-kvdev-location` header (`local` without one). Reads at other
   * locations see a write only after this many seconds (`true`: 60); a read with `cacheTtl`
   * holds its answer that long at its location; the writer's location sees its writes at once.
   * @default off
   */
  propagationDelay?: number | true
  /** `'workers-kv'` (Cloudflare's limits), `'tma'` (128 KB values), or explicit numbers. @default 'workers-kv' */
  limits?: 'workers-kv' | 'tma' | RealismLimits
}

/** Named limit profiles: what each allows. */
export const LIMIT_PROFILES = {
  'workers-kv': {
    maxValueBytes: KV_LIMITS.MAX_VALUE_SIZE_BYTES,
    maxKeyBytes: KV_LIMITS.MAX_KEY_SIZE_BYTES,
    maxMetadataBytes: KV_LIMITS.MAX_METADATA_SIZE_BYTES,
  },
  /** Document 003's platform: values of at most 128 KB. */
  tma: {
    maxValueBytes: 128 * 1024,
    maxKeyBytes: KV_LIMITS.MAX_KEY_SIZE_BYTES,
    maxMetadataBytes: KV_LIMITS.MAX_METADATA_SIZE_BYTES,
  },
} as const

/** Workers KV's propagation: "changes may take up to 60 seconds or more to be visible in other locations". */
export const DEFAULT_PROPAGATION_SECONDS = 60
/** A delay above an hour would only hide writes for the rest of a session. */
const MAX_PROPAGATION_SECONDS = 3600

export interface ResolvedRealism {
  writeRateLimit: boolean
  /** Milliseconds before a write reaches other locations; 0 when off. */
  propagationDelayMs: number
  limits: Required<RealismLimits>
  /** The modes on, for the inspector's header: `write rate 1/s per key`, `limits tma`. */
  modes: string[]
}

const fail = (what: string, value: unknown, rule: string) =>
  new KvdevError(
    'ERR_OPTION',
    `[kvdev] Invalid \`realism.${what}\`: ${JSON.stringify(value)}. ${rule}`,
  )

/** Checks `realism` at startup: unknown profiles, limits above Cloudflare's and unavailable modes fail here. */
export function resolveRealism(options: RealismOptions = {}): ResolvedRealism {
  const delay =
    options.propagationDelay === true ? DEFAULT_PROPAGATION_SECONDS : options.propagationDelay
  if (
    delay !== undefined &&
    !(typeof delay === 'number' && delay > 0 && delay <= MAX_PROPAGATION_SECONDS)
  ) {
    throw fail(
      'propagationDelay',
      delay,
      `It must be a number of seconds above 0 and at most ${MAX_PROPAGATION_SECONDS}, or true (${DEFAULT_PROPAGATION_SECONDS}).`,
    )
  }
  const modes: string[] = []
  if (options.writeRateLimit) modes.push('write rate 1/s per key')
  if (delay !== undefined) modes.push(`propagation ${delay} s`)
  const chosen = options.limits ?? 'workers-kv'
  let limits: Required<RealismLimits>
  if (typeof chosen === 'string') {
    if (!(chosen in LIMIT_PROFILES)) {
      throw fail(
        'limits',
        chosen,
        `Use ${Object.keys(LIMIT_PROFILES).join(', ')} or { maxValueBytes, maxKeyBytes, maxMetadataBytes }.`,
      )
    }
    limits = { ...LIMIT_PROFILES[chosen as keyof typeof LIMIT_PROFILES] }
    if (chosen !== 'workers-kv') modes.push(`limits ${chosen}`)
  } else {
    const base = LIMIT_PROFILES['workers-kv']
    limits = { ...base }
    for (const name of Object.keys(base) as (keyof typeof base)[]) {
      const value = chosen[name]
      if (value === undefined) continue
      if (!Number.isSafeInteger(value) || value < 1 || value > base[name]) {
        throw fail(
          `limits.${name}`,
          value,
          `It must be a whole number from 1 to ${base[name]} (Workers KV's own limit).`,
        )
      }
      limits[name] = value
    }
    modes.push('limits custom')
  }
  return {
    writeRateLimit: options.writeRateLimit === true,
    propagationDelayMs: (delay ?? 0) * 1000,
    limits,
    modes,
  }
}
