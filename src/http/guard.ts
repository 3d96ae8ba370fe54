/**
 * The guard in front of every kvdev route (CONTRIBUTING.md#security). In order:
 * - Host: loopback names and addresses, configured hosts; LAN IP literals only when exposed.
 * - A token in `x-kvdev-token` or `Authorization: Bearer` must be right (401 otherwise); a
 *   right one marks the request trusted (the CLI, scripts, the inspector page's own calls).
 * - Cross-origin preflights and other-site subresource requests (Sec-Fetch-Site) are refused.
 * - Exposed beyond loopback, every request needs the token. A browser gets it once, from the
 *   URL printed at startup (`<base>/?token=…`): that page request is answered with a redirect
 *   that drops it from the address bar and sets an HttpOnly, SameSite=Strict cookie scoped to
 *   `<base>`. The cookie opens reads and the page only: it is sent by every page of the same
 *   site (other localhost ports included), so it never stands in for the origin check.
 * - Untrusted writes need the request's exact own Origin and `application/json` (or no body).
 */
import type { MiddlewareHandler } from 'hono'
import { TOKEN_COOKIE, TOKEN_HEADER, TOKEN_QUERY } from '../constants'
import { isConfiguredHost, isIpHost, isLoopbackHost, type ParsedHost, parseHost } from './host'
import { getRequestScheme, isSameOrigin } from './origin'
import { errorResponse } from './respond'
import { getCookie, getRequestToken, tokensEqual } from './token'

export interface GuardOptions {
  /** The per-process token (see `createToken`). */
  token: string
  /** Extra hosts beside loopback: Vite's `server.allowedHosts` and `server.host`; `true` allows all. @default [] */
  allowedHosts?: readonly string[] | true
  /** The server listens beyond loopback: every request needs the token. @default false */
  exposed?: boolean
}

export type GuardResult =
  | {
      ok: true
      /** The request carries the token in a header: a script or the CLI, trusted for writes. */
      trusted: boolean
      /** A page request handed over `?token=`: answer with a redirect that sets the token cookie. */
      grantCookie: boolean
    }
  | { ok: false; response: Response }

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const JSON_MEDIA_TYPE = 'application/json'

const deny = (status: number, message: string): GuardResult => ({
  ok: false,
  response: errorResponse(status, message),
})

/** The Host a request names: its `Host` header, else its URL's host (fetch-built requests). */
export function getRequestHost(request: Request): ParsedHost | undefined {
  const header = request.headers.get('host')
  if (header !== null) return parseHost(header)
  try {
    return parseHost(new URL(request.url).host)
  } catch {
    return undefined
  }
}

export function isAllowedHost(host: ParsedHost, options: GuardOptions): boolean {
  return (
    isLoopbackHost(host) ||
    // Beyond loopback the LAN address is legitimate; an IP literal cannot be a rebound name.
    (options.exposed === true && isIpHost(host)) ||
    isConfiguredHost(host, options.allowedHosts ?? [])
  )
}

/**
 * HTTP/1.1 framing: a request read off a socket has a body only with a length or chunked
 * encoding (a bodiless DELETE must not look like a write with a body); one built in code
 * (`app.request`, tests) has no Host header and says so by its body.
 */
function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length')
  if (length !== null) return length !== '0'
  if (request.headers.has('transfer-encoding')) return true
  return !request.headers.has('host') && request.body !== null
}

function checkWrite(request: Request, host: ParsedHost): GuardResult | undefined {
  const origin = request.headers.get('origin')
  if (!isSameOrigin(origin, getRequestScheme(request), host)) {
    return deny(
      403,
      `[kvdev] Cross-origin write refused: Origin ${JSON.stringify(origin)}. Writes need this server's own origin, or the token in the ${TOKEN_HEADER} header.`,
    )
  }
  const contentType = request.headers.get('content-type')
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase()
  if (contentType === null ? hasBody(request) : mediaType !== JSON_MEDIA_TYPE) {
    return deny(
      415,
      `[kvdev] Unsupported Content-Type for a browser write: ${JSON.stringify(contentType)}. Send ${JSON_MEDIA_TYPE}, or the token in the ${TOKEN_HEADER} header.`,
    )
  }
  return undefined
}

/**
 * Decides whether a request may reach a kvdev route (CONTRIBUTING.md#security: *Host allowlist*,
 * *Same origin or token*, *No CORS*, *No state change on GET*).
 * Pure, never throws: a refusal comes back as a ready 4xx response.
 *
 * @example
 * const verdict = checkRequest(request, { token }, { page: false })
 * if (!verdict.ok) return verdict.response
 */
export function checkRequest(
  request: Request,
  options: GuardOptions,
  { page = false }: { page?: boolean } = {},
): GuardResult {
  const host = getRequestHost(request)
  if (!host) {
    const raw = request.headers.get('host')
    return deny(
      403,
      `[kvdev] Malformed Host header: ${JSON.stringify(raw)}. Send a valid host name.`,
    )
  }
  if (!isAllowedHost(host, options)) {
    return deny(
      403,
      `[kvdev] Host not allowed: "${host.hostname}". Use localhost, or add it to Vite's \`server.allowedHosts\`.`,
    )
  }
  const presented = getRequestToken(request.headers)
  if (presented !== undefined && !tokensEqual(presented, options.token)) {
    return deny(
      401,
      `[kvdev] Invalid token in the request. Use the token of this dev server (its server.json).`,
    )
  }
  const trusted = presented !== undefined
  const method = request.method.toUpperCase()
  if (method === 'OPTIONS' && request.headers.has('origin')) {
    return deny(
      403,
      '[kvdev] Cross-origin preflight refused. kvdev routes answer their own origin only.',
    )
  }
  // A bonus where browsers send it (not on plain-HTTP LAN addresses): other sites may navigate to the page, nothing else.
  const site = request.headers.get('sec-fetch-site')
  const navigation =
    page && method === 'GET' && request.headers.get('sec-fetch-mode') === 'navigate'
  if (!trusted && (site === 'cross-site' || site === 'same-site') && !navigation) {
    return deny(403, `[kvdev] Request from another site refused: Sec-Fetch-Site ${site}.`)
  }
  let grantCookie = false
  if (
    options.exposed &&
    !trusted &&
    !tokensEqual(getCookie(request.headers, TOKEN_COOKIE), options.token)
  ) {
    const query =
      page && method === 'GET' ? new URL(request.url).searchParams.get(TOKEN_QUERY) : null
    if (!tokensEqual(query, options.token)) {
      return deny(
        401,
        `[kvdev] This dev server listens beyond loopback: a token is required. Open the inspector URL printed at startup, or send the ${TOKEN_HEADER} header.`,
      )
    }
    grantCookie = true
  }
  if (!trusted && !SAFE_METHODS.has(method)) {
    const refused = checkWrite(request, host)
    if (refused) return refused
  }
  return { ok: true, trusted, grantCookie }
}

export interface GuardMiddlewareOptions extends GuardOptions {
  /** The inspector base (`/__kv`): paths under `<base>/api/` are API calls, the rest the page. */
  base: string
}

/** The exposed-server handshake: keep the token in an HttpOnly cookie and drop it from the address bar. */
function grantTokenCookie(url: URL, base: string, token: string): Response {
  const target = new URL(url)
  target.searchParams.delete(TOKEN_QUERY)
  const secure = url.protocol === 'https:' ? '; Secure' : ''
  return new Response(null, {
    status: 303,
    headers: {
      location: `${target.pathname}${target.search}`,
      'set-cookie': `${TOKEN_COOKIE}=${token}; Path=${base}; HttpOnly; SameSite=Strict${secure}`,
    },
  })
}

/**
 * The guard as one Hono middleware in front of every kvdev route: `checkRequest`'s
 * refusal is the answer, an exposed server's `?token=` page request gets its cookie,
 * anything else goes on.
 *
 * @example
 * app.use(createGuard({ base: '/__kv', token }))
 */
export function createGuard(options: GuardMiddlewareOptions): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url)
    const page = !url.pathname.startsWith(`${options.base}/api/`)
    const verdict = checkRequest(c.req.raw, options, { page })
    if (!verdict.ok) return verdict.response
    if (verdict.grantCookie) return grantTokenCookie(url, options.base, options.token)
    await next()
  }
}
