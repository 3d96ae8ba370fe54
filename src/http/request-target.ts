import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { parseHost } from './host'
import { isSameOrigin } from './origin'

const ABSOLUTE_FORM = /^https?:\/\//i
const MAX_SHOWN = 200

const show = (target: string) => JSON.stringify(target.slice(0, MAX_SHOWN))

/**
 * The pathname a handler will see for `req`, built as @hono/node-server builds its URL
 * (an absolute-form target's own; otherwise the target after a placeholder origin), so
 * the bridge can tell whose request it is before building anything.
 */
export function getTargetPathname(req: IncomingMessage): string {
  const target = req.url ?? '/'
  try {
    if (ABSOLUTE_FORM.test(target)) return new URL(target).pathname
    return new URL(`http://host.invalid${target.startsWith('/') ? '' : '/'}${target}`).pathname
  } catch {
    return '/'
  }
}

/**
 * Refuses the request targets a route must never see rewritten (CONTRIBUTING.md#security),
 * with the message; undefined when the target is fine:
 * - A backslash in the path: fetch's URL parser turns it into `/`, and @hono/node-server
 *   refuses to build such a request, which left a bodiless GET of another path.
 * - An absolute-form target (`GET http://evil.com/__kv/api/keys`) naming another origin
 *   than the connection's scheme and its `Host`: the app routes by the target's
 *   authority (RFC 9112 §3.2.2) while the guard judges `Host`, so the two must agree.
 *   One naming this very origin is the same request as its path alone.
 * - Any other form (`*`, authority-form, no leading `/`): no route takes them.
 */
export function checkRequestTarget(req: IncomingMessage): string | undefined {
  const target = req.url ?? ''
  const absolute = ABSOLUTE_FORM.test(target)
  if (!absolute && !target.startsWith('/')) {
    return `[kvdev] Malformed request target: ${show(target)}. Send a path starting with "/".`
  }
  const path = (absolute ? target.replace(/^https?:\/\/[^/?#]*/i, '') : target).split('?', 1)[0]!
  if (path.includes('\\')) {
    return `[kvdev] Backslash in the request path: ${show(path)}. Paths separate segments with "/"; send a backslash in a key percent-encoded, as %5C.`
  }
  if (!absolute) return undefined
  let origin: string | undefined
  try {
    origin = new URL(target).origin
  } catch {}
  const scheme = (req.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http'
  const host = parseHost(req.headers.host)
  if (origin && host && isSameOrigin(origin, scheme, host)) return undefined
  return `[kvdev] Request target names another origin: ${show(target)} on this ${scheme} connection for Host ${show(req.headers.host ?? '')}. Send the path alone, as browsers do.`
}
