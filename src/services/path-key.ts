import type { Context } from 'hono'
import { checkKey, describeViolation, type KvRuleViolation } from '../rules'

/** Why a request is refused: the status, kvdev's message and, for a body, the field at fault. */
export interface Refusal {
  status: 400 | 414
  message: string
  /** The body field at fault (`[]` for the body as a whole); absent for the key in the path. */
  field?: string[]
}

/** A key broken by its length is a URI too long (414, as Cloudflare's API answers); any other rule, 400. */
function refuseKey(violation: KvRuleViolation): Refusal {
  const status = violation.rule === 'key-too-long' ? 414 : 400
  return { status, message: `[kvdev] ${describeViolation(violation)}` }
}

/** The `:key` in the path, or why it is no KV key: checked before the binding is asked. */
export function readKey(c: Context): { key: string } | Refusal {
  const key = c.req.param('key')
  const violation = checkKey(key)
  return violation ? refuseKey(violation) : { key: key as string }
}
