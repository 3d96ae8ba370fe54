import { DEFAULT_INSPECTOR_BASE } from '../constants'
import { KvdevError } from '../errors'
import type { KvRuntime } from '../runtime/create-kv'
import type { Personas } from '../users/personas'
import { createCloudflareApi } from './cloudflare'
import type { RouteContext } from './context'
import { checkRequest } from './guard'
import { getErrorStatus } from './http-error'
import { TOKEN_COOKIE, TOKEN_QUERY } from './limits'
import { errorResponse, errorToResponse, hardenResponse } from './respond'
import { API_ROUTES, matchRoute } from './router'

export interface KvdevHandlerOptions {
  runtime: KvRuntime
  /** The per-process token (`createToken()`). */
  token: string
  /** Where the inspector and its API live. @default '/__kv' */
  base?: string
  personas: Personas
  /** The configured seed file, absolute. @default null */
  seedFile?: string | null
  /** The project root (paths are shown relative to it). */
  root: string
  /** Hosts allowed beside loopback: Vite's `server.allowedHosts` and `server.host`; `true` allows all. @default [] */
  allowedHosts?: string[] | true
  /** The server listens beyond loopback: every request needs the token. @default false */
  exposed?: boolean
  /** Serves the inspector page and its assets; undefined when it has no such file. */
  inspectorPage?: (request: Request) => Promise<Response | undefined>
  /** Where unexpected errors are reported (the answer itself stays short). @default console */
  logger?: { error(message: string, options?: { error?: unknown }): void }
}

export type KvdevHandler = (request: Request) => Promise<Response | undefined>

const API_PREFIX = '/api/'
const CLOUDFLARE_PREFIX = '/api/client/v4'

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

/** The exposed-server handshake: keep the token in an HttpOnly cookie and drop it from the address bar. */
function grantTokenCookie(url: URL, base: string, token: string): Response {
  const target = new URL(url)
  target.searchParams.delete(TOKEN_QUERY)
  const secure = url.protocol === 'https:' ? '; Secure' : ''
  return hardenResponse(
    new Response(null, {
      status: 303,
      headers: {
        location: `${target.pathname}${target.search}`,
        'set-cookie': `${TOKEN_COOKIE}=${token}; Path=${base}; HttpOnly; SameSite=Strict${secure}`,
      },
    }),
  )
}

/**
 * kvdev's HTTP surface as one fetch handler: the guard, then the inspector page, the
 * Cloudflare REST API and kvdev's own endpoints under `base`. Paths outside `base`
 * give undefined (call `next()`); it never throws.
 *
 * @example
 * const handle = createKvdevHandler({ runtime, token: createToken(), personas, root })
 * const response = await handle(new Request('http://localhost:5173/__kv/api/info'))
 */
export function createKvdevHandler(options: KvdevHandlerOptions): KvdevHandler {
  const base = resolveBase(options.base)
  const logger = options.logger ?? console
  const guard = {
    token: options.token,
    allowedHosts: options.allowedHosts,
    exposed: options.exposed,
  }
  const cloudflare = createCloudflareApi(options.runtime)

  async function serve(request: Request, url: URL, rest: string): Promise<Response> {
    const api = rest.startsWith(API_PREFIX)
    const verdict = checkRequest(request, guard, { page: !api })
    if (!verdict.ok) return verdict.response
    if (verdict.grantCookie) return grantTokenCookie(url, base, options.token)
    if (!api) {
      if (rest === '') {
        // A relative location: never echo the Host back.
        const location = `${base}/${url.search}`
        return hardenResponse(new Response(null, { status: 302, headers: { location } }))
      }
      const page = await options.inspectorPage?.(request)
      return page ? hardenResponse(page) : errorResponse(404, `[kvdev] Not found: ${url.pathname}.`)
    }
    if (rest === CLOUDFLARE_PREFIX || rest.startsWith(`${CLOUDFLARE_PREFIX}/`)) {
      return hardenResponse(await cloudflare(request, rest.slice(CLOUDFLARE_PREFIX.length)))
    }
    const match = matchRoute(request.method.toUpperCase(), rest.slice(API_PREFIX.length))
    if ('notFound' in match)
      return errorResponse(
        404,
        `[kvdev] No API route: ${url.pathname}. Routes: ${[...API_ROUTES.keys()].join(', ')}.`,
      )
    if ('notAllowed' in match) {
      return errorResponse(
        405,
        `[kvdev] Method not allowed: ${request.method} ${url.pathname}. Use ${match.notAllowed.join(', ')}.`,
        {
          allow: match.notAllowed.join(', '),
        },
      )
    }
    const context: RouteContext = {
      request,
      url,
      runtime: options.runtime,
      personas: options.personas,
      seedFile: options.seedFile ?? null,
      root: options.root,
    }
    return match.route(context)
  }

  return async (request) => {
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return undefined
    }
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return undefined
    try {
      return await serve(request, url, url.pathname.slice(base.length))
    } catch (error) {
      if (getErrorStatus(error) === 500) {
        logger.error(
          `[kvdev] ${request.method} ${url.pathname} failed: ${(error as Error)?.message ?? error}`,
          { error },
        )
      }
      return errorToResponse(error)
    }
  }
}
