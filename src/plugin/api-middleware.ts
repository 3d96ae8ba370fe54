import type { Connect } from 'vite'
import { sendResponse } from '../server/connect'
import { getRequestHost, isAllowedHost } from '../server/guard'
import { toRequest } from '../server/node-request'
import type { ApiHandler } from './create-api-handler'

/** True when `pathname` is `base` or below it. */
export function isUnderBase(pathname: string, base: string): boolean {
  return base === '/' || pathname === base || pathname.startsWith(`${base}/`)
}

export interface HostPolicy {
  allowedHosts: string[] | true
  exposed: boolean
}

/**
 * Connect middleware handing requests under `base` to the route files; others go on to Vite.
 * It runs before Vite's own host check on Vite 6, so it checks Host itself: a DNS-rebound page
 * must not read a player's data through the app's routes.
 */
export function createApiMiddleware(
  base: string,
  hosts: HostPolicy,
  getHandler: () => ApiHandler | undefined,
): Connect.NextHandleFunction {
  return (req, res, next) => {
    const pathname = (req.url ?? '/').split('?', 1)[0]!
    const handler = getHandler()
    if (!handler || !isUnderBase(pathname, base)) return next()
    const controller = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    let request: Request
    try {
      request = toRequest(req, { signal: controller.signal })
    } catch {
      // TRACE, TRACK, CONNECT: fetch cannot represent them, so no route handler could see them.
      res.statusCode = 405
      res.setHeader('content-type', 'text/plain; charset=utf-8')
      res.end(
        `[kvdev] Method not allowed: ${req.method}. API routes take methods fetch can represent.`,
      )
      return
    }
    const host = getRequestHost(request)
    if (!host || !isAllowedHost(host, { token: '', ...hosts })) {
      res.statusCode = 403
      res.setHeader('content-type', 'text/plain; charset=utf-8')
      res.end(
        `[kvdev] Host not allowed: ${JSON.stringify(req.headers.host)}. Add it to Vite's \`server.allowedHosts\`.`,
      )
      return
    }
    handler
      .fetch(request)
      .then((response) => sendResponse(res, response, { head: req.method === 'HEAD' }))
      .catch(next)
  }
}
