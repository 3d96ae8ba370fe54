import type { HttpBindings } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { MiddlewareHandler } from 'hono'
import sirv from 'sirv'
import { getDefaultClientDir, INSPECTOR_CSP, isAssetPath, resolveAssetPath } from './inspector-page'
import { HARDENED_HEADERS } from './respond'

/** sirv's types, with the charset browsers and our tests expect on text. */
const TEXT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * The files of the prebuilt inspector (`dist/client`) served by sirv, as vite-plugin-inspect
 * serves its own, behind the guard and with the hardened headers. It writes to Node's
 * response directly, so it serves when the app runs under the Node adapter; the page itself
 * (the HTML carrying the token) stays `createInspectorPage`'s.
 */
export function createInspectorAssets(
  base: string,
  clientDir?: string,
): MiddlewareHandler<{ Bindings: Partial<HttpBindings> }> {
  let serve: ReturnType<typeof sirv> | undefined
  return async (c, next) => {
    const { incoming, outgoing } = c.env ?? {}
    const rest = new URL(c.req.url).pathname.slice(base.length + 1)
    if (!incoming || !outgoing || !isAssetPath(rest) || !['GET', 'HEAD'].includes(c.req.method)) {
      return next()
    }
    const dir = clientDir ?? getDefaultClientDir()
    if (!resolveAssetPath(dir, rest)) return next()
    serve ??= sirv(dir, {
      dev: true, // looks files up per request: the build may come after the server starts
      etag: true,
      extensions: [],
      setHeaders(res, pathname) {
        for (const [name, value] of Object.entries(HARDENED_HEADERS)) res.setHeader(name, value)
        res.setHeader('content-security-policy', INSPECTOR_CSP)
        res.setHeader('cross-origin-opener-policy', 'same-origin')
        const type = TEXT_TYPES[pathname.slice(pathname.lastIndexOf('.')).toLowerCase()]
        if (type) res.setHeader('content-type', type)
      },
    })
    // Vite ≥7 runs its CORS middleware first; kvdev's answers never carry CORS headers.
    for (const name of outgoing.getHeaderNames()) {
      if (name.startsWith('access-control-')) outgoing.removeHeader(name)
    }
    const url = incoming.url
    incoming.url = `/${rest}`
    const served = await new Promise<boolean>((resolve) => {
      serve!(incoming, outgoing as never, () => resolve(false))
      if (outgoing.headersSent) resolve(true)
    }).finally(() => {
      incoming.url = url
    })
    if (!served) return next()
    return RESPONSE_ALREADY_SENT
  }
}
