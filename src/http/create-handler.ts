import type { HttpBindings } from '@hono/node-server'
import { DEFAULT_INSPECTOR_BASE } from '../constants'
import { KvdevError } from '../errors'
import { createKvdevApp } from './app'
import type { KvdevHandlerOptions } from './handler-options'
import { errorResponse } from './respond'

export type KvdevHandler = ((
  request: Request,
  bindings?: HttpBindings,
) => Promise<Response | undefined>) & {
  /** True for paths under `base`: the handler's own. */
  owns(pathname: string): boolean
}

/** `'/__kv/'` → `'/__kv'`; a base must be an absolute path. */
export function resolveBase(base: string = DEFAULT_INSPECTOR_BASE): string {
  const trimmed = base.replace(/\/+$/, '')
  if (!trimmed.startsWith('/') || /[?#\s]/.test(trimmed)) {
    throw new KvdevError(
      'ERR_OPTION',
      `Invalid inspector base: ${JSON.stringify(base)}. It must be a path like "/__kv".`,
    )
  }
  return trimmed
}

const UNREPRESENTABLE_METHODS = new Set(['TRACE', 'TRACK', 'CONNECT'])

/**
 * kvdev's HTTP surface (`createKvdevApp`) as one fetch handler: paths outside `base`, and
 * methods fetch cannot represent, give undefined (call `next()`); it never throws.
 *
 * @example
 * const handle = createKvdevHandler({ runtime, token: createToken(), personas, root })
 * const response = await handle(new Request('http://localhost:5173/__kv/api/info'))
 */
export function createKvdevHandler(options: KvdevHandlerOptions): KvdevHandler {
  const base = resolveBase(options.base)
  const app = createKvdevApp({ ...options, base })
  const owns = (pathname: string) => pathname === base || pathname.startsWith(`${base}/`)
  const handle = async (request: Request, bindings?: HttpBindings) => {
    let pathname: string
    try {
      pathname = new URL(request.url).pathname
    } catch {
      return undefined
    }
    if (!owns(pathname)) return undefined
    if (UNREPRESENTABLE_METHODS.has(request.method.toUpperCase())) return undefined
    try {
      return await app.fetch(request, bindings)
    } catch {
      return errorResponse(500, '[kvdev] Internal error in the KV API. See the dev server log.')
    }
  }
  return Object.assign(handle, { owns })
}
