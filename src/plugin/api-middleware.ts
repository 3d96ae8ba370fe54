import type { Connect } from 'vite'
import { createConnectMiddleware } from '../http/connect'
import { getRequestHost, isAllowedHost } from '../http/guard'
import type { ApiHandler } from './create-api-handler'

/** True when `pathname` is `base` or below it. */
export function isUnderBase(pathname: string, base: string): boolean {
  return base === '/' || pathname === base || pathname.startsWith(`${base}/`)
}

export interface HostPolicy {
  allowedHosts: string[] | true
  exposed: boolean
}

const UNREPRESENTABLE_METHODS = new Set(['TRACE', 'TRACK', 'CONNECT'])

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/**
 * Connect middleware handing requests under `base` to the route files; others go on to Vite.
 * It runs before Vite's own host check on Vite 6, so it checks Host itself: a DNS-rebound page
 * must not read a player's data through the app's routes.
 */
export function createApiMiddleware(
  base: string,
  hosts: HostPolicy,
  getHandler: () => Pick<ApiHandler, 'fetch'> | undefined,
): Connect.NextHandleFunction {
  const bridge = createConnectMiddleware(async (request) => {
    const handler = getHandler()
    if (!handler) return undefined
    if (UNREPRESENTABLE_METHODS.has(request.method.toUpperCase())) {
      // fetch cannot represent them, so no route handler could see them.
      return text(
        405,
        `[kvdev] Method not allowed: ${request.method}. API routes take methods fetch can represent.`,
      )
    }
    const host = getRequestHost(request)
    if (!host || !isAllowedHost(host, { token: '', ...hosts })) {
      return text(
        403,
        `[kvdev] Host not allowed: ${JSON.stringify(request.headers.get('host'))}. Add it to Vite's \`server.allowedHosts\`.`,
      )
    }
    return handler.fetch(request)
  })
  return function kvdevRoutes(req, res, next) {
    const pathname = (req.url ?? '/').split('?', 1)[0]!
    if (!getHandler() || !isUnderBase(pathname, base)) return next()
    bridge(req, res, next)
  }
}
