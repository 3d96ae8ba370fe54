/**
 * Cloudflare's own wording of KV's rules, as the binding throws them (`KV PUT failed: 414 …`):
 * kvdev's paths that answer for the binding throw these, so every path says the same.
 * Upstream: packages/miniflare/src/workers/kv/validator.worker.ts.
 */
export const keyTooLongMessage = (bytes: number, limit: number) =>
  `UTF-8 encoded length of ${bytes} exceeds key length limit of ${limit}.`

/** A broken rule as the binding's `op` throws it: `KV GET failed: 414 <message>`. */
export function bindingFailed(op: 'GET' | 'PUT' | 'DELETE', status: number, message: string) {
  return new Error(`KV ${op} failed: ${status} ${message}`)
}
