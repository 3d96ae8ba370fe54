import type { Connect, ViteDevServer } from 'vite'
import { isProtectedPath, type ProtectedPaths } from './protected-paths'
import { getRequestFiles, getRequestPathnames } from './request-files'

export interface FileFirewallOptions {
  root: string
  /** Vite's `base`: `/app/.dev.vars` names the same file as `/.dev.vars`. */
  viteBase: string
  /** The API routes' base: kvdev's route app answers those paths, never Vite. */
  apiBase: string
  paths: ProtectedPaths
}

const isUnder = (pathname: string, base: string) =>
  base === '/' || pathname === base || pathname.startsWith(`${base}/`)

/**
 * Refuses, with 403, every request that could make Vite serve a secrets file, the KV state
 * directory or a route source, in any URL form (`?raw`, `?import`, `/@fs/`, percent-encoding,
 * `..`, symlinks), whatever the user's `server.fs` settings: `fs.deny` alone does not hold
 * with `server.fs.strict: false`.
 */
export function createFileFirewall(options: FileFirewallOptions): Connect.NextHandleFunction {
  const { root, viteBase, apiBase, paths } = options
  return function kvdevFirewall(req, res, next) {
    const url = req.url ?? '/'
    const pathnames = [url.split('?', 1)[0]!, ...getRequestPathnames(url)]
    if (pathnames.every((pathname) => isUnder(pathname, apiBase))) return next()
    const files = getRequestFiles(url, root, viteBase)
    if (!files.some((file) => isProtectedPath(paths, file))) return next()
    res.statusCode = 403
    res.setHeader('content-type', 'text/plain; charset=utf-8')
    res.setHeader('x-content-type-options', 'nosniff')
    res.end(
      `[kvdev] Not served to the browser: ${JSON.stringify(pathnames[1]!.slice(0, 200))}. Secrets files (.dev.vars*, .env*), the KV state directory and route sources stay on the server.`,
    )
  }
}

/**
 * Adds `handle` at the front of Vite's middleware stack: ahead of Vite's CORS and host check
 * (Vite ≥7 adds them before `configureServer` hooks run; Vite 6 after) and of its file serving.
 */
export function useFirst(server: ViteDevServer, handle: Connect.NextHandleFunction): void {
  server.middlewares.use(handle)
  const { stack } = server.middlewares
  stack.unshift(stack.pop()!)
}
