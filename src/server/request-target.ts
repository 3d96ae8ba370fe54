import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { parseHost } from './host'
import { isSameOrigin } from './origin'

export interface TargetRefusal {
  /** The path the target names, to tell whose route it is. */
  pathname: string
  message: string
}

const ABSOLUTE_FORM = /^https?:\/\//i
const MAX_SHOWN = 200

const show = (target: string) => JSON.stringify(target.slice(0, MAX_SHOWN))

/**
 * Refuses the request targets a route must never see rewritten (CONTRIBUTING.md#security):
 * - A backslash in the path: fetch's URL parser turns it into `/`, and @hono/node-server
 *   refuses to build such a request, which left a bodiless GET of another path.
 * - An absolute-form target (`GET http://evil.com/__kv/api/keys`) naming another origin
 *   than the connection's scheme and its `Host`: the app routes by the target's
 *   authority (RFC 9112 §3.2.2) while the guard judges `Host`, so the two must agree.
 *   One naming this very origin is the same request as its path alone.
 * - Any other form (`*`, authority-form, no leading `/`): no route takes them.
 * Undefined when the target is fine.
 */
export function checkRequestTarget(req: IncomingMessage): TargetRefusal | undefined {
  const target = req.url ?? ''
  const absolute = ABSOLUTE_FORM.test(target)
  if (!absolute && !target.startsWith('/')) {
    return {
      pathname: `/${target.split('?', 1)[0]}`,
      message: `[kvdev] Malformed request target: ${show(target)}. Send a path starting with "/".`,
    }
  }
  const path = (absolute ? target.replace(/^https?:\/\/[^/?#]*/i, '') : target).split('?', 1)[0]!
  if (path.includes('\\')) {
    return {
      pathname: path.replaceAll('\\', '/') || '/',
      message: `[kvdev] Backslash in the request path: ${show(path)}. Paths separate segments with "/"; send a backslash in a key percent-encoded, as %5C.`,
    }
  }
  if (!absolute) return undefined
  let url: URL | undefined
  try {
    url = new URL(target)
  } catch {}
  const scheme = (req.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http'
  const host = parseHost(req.headers.host)
  if (url && host && isSameOrigin(url.origin, scheme, host)) return undefined
  return {
    pathname: url?.pathname ?? (path || '/'),
    message: `[kvdev] Request target names another origin: ${show(target)} on this ${scheme} connection for Host ${show(req.headers.host ?? '')}. Send the path alone, as browsers do.`,
  }
}
