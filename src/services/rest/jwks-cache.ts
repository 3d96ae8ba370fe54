import type { HonoJsonWebKey } from 'hono/utils/jwt/jws'

/** How long a key server may take to answer, body included. */
export const JWKS_FETCH_TIMEOUT_MS = 3000
/** At most one fetch of a JWKS URL in this time, however many unknown `kid`s arrive. */
export const JWKS_REFETCH_INTERVAL_MS = 30_000
/** Keys older than this are fetched again (a key the server dropped stops verifying). */
export const JWKS_MAX_AGE_MS = 10 * 60_000

interface Entry {
  keys: HonoJsonWebKey[]
  fetchedAt: number
  attemptedAt: number
  pending?: Promise<void>
}

export interface JwksCache {
  /**
   * The keys published at `url`, fetched when none are cached, when they are older than
   * the max age, or when none has `kid`, but at most once per interval. Never throws: a
   * failing, slow or redirecting key server leaves the keys as they were (none at first),
   * so the token fails to verify (401) and no answer names the URL.
   */
  keysFor(url: string, kid: string | undefined): Promise<HonoJsonWebKey[]>
}

async function fetchKeys(url: string, timeoutMs: number): Promise<HonoJsonWebKey[] | undefined> {
  try {
    // `manual`: a 3xx is not ok, so a redirect is refused rather than followed.
    const response = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    })
    if (!response.ok) return undefined
    const body = (await response.json()) as { keys?: unknown }
    return Array.isArray(body?.keys)
      ? body.keys.filter((k): k is HonoJsonWebKey => typeof k === 'object' && k !== null)
      : undefined
  } catch {
    return undefined
  }
}

/** A JWKS cache for one `kvRest` app; `now` is injectable for tests. */
export function createJwksCache(
  options: { timeoutMs?: number; intervalMs?: number; maxAgeMs?: number; now?: () => number } = {},
): JwksCache {
  const timeoutMs = options.timeoutMs ?? JWKS_FETCH_TIMEOUT_MS
  const intervalMs = options.intervalMs ?? JWKS_REFETCH_INTERVAL_MS
  const maxAgeMs = options.maxAgeMs ?? JWKS_MAX_AGE_MS
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry>()
  return {
    async keysFor(url, kid) {
      let entry = entries.get(url)
      if (!entry) {
        entry = { keys: [], fetchedAt: -Infinity, attemptedAt: -Infinity }
        entries.set(url, entry)
      }
      const stale = now() - entry.fetchedAt > maxAgeMs
      const unknown = kid === undefined || !entry.keys.some((k) => k.kid === kid)
      if (entry.pending) await entry.pending
      else if ((stale || unknown) && now() - entry.attemptedAt >= intervalMs) {
        const current = entry
        current.attemptedAt = now()
        current.pending = fetchKeys(url, timeoutMs).then((keys) => {
          if (keys) Object.assign(current, { keys, fetchedAt: now() })
          current.pending = undefined
        })
        await current.pending
      }
      return entry.keys
    },
  }
}
