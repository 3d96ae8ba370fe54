/**
 * Cloudflare's own wording of KV's rules, as the binding throws them (`KV PUT failed: 414 …`)
 * and as its REST API answers: every kvdev path that speaks for Cloudflare (the binding's
 * files path, realism's checks, the REST API, the CLI) words a broken rule with these, so
 * every path says the same. Upstream: packages/miniflare/src/workers/kv/validator.worker.ts.
 */
export const CF_MESSAGES = {
  keyTooLong: (bytes: number, limit: number) =>
    `UTF-8 encoded length of ${bytes} exceeds key length limit of ${limit}.`,
  keyEmpty: 'Key names must not be empty',
  keyReserved: (key: string) => `Illegal key name "${key}". Please use a different name.`,
  /** `exact: false` when the length is a lower bound (a body still streaming). */
  valueTooLarge: (length: number, limit: number, exact = true) =>
    `Value length of ${exact ? '' : 'at least '}${length} exceeds limit of ${limit}.`,
  metadataTooLarge: (bytes: number, limit: number) =>
    `Metadata length of ${bytes} exceeds limit of ${limit}.`,
  ttlNotPositive: (ttl: unknown) =>
    `Invalid expiration_ttl of ${ttl}. Please specify integer greater than 0.`,
  ttlTooShort: (ttl: unknown, min: number) =>
    `Invalid expiration_ttl of ${ttl}. Expiration TTL must be at least ${min}.`,
  expirationPast: (expiration: unknown) =>
    `Invalid expiration of ${expiration}. Please specify integer greater than the current number of seconds since the UNIX epoch.`,
  expirationTooSoon: (expiration: unknown, min: number) =>
    `Invalid expiration of ${expiration}. Expiration times must be at least ${min} seconds in the future.`,
  /** A request body over `limit`; `what` narrows it (` for a value with metadata`). */
  bodyTooLarge: (length: number, limit: number, exact = true, what = '') =>
    `Request body length of ${exact ? '' : 'at least '}${length} exceeds limit of ${limit}${what}.`,
} as const

/** A broken rule as the binding's `op` throws it: `KV GET failed: 414 <message>`. */
export function bindingFailed(op: 'GET' | 'PUT' | 'DELETE', status: number, message: string) {
  return new Error(`KV ${op} failed: ${status} ${message}`)
}
