import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { getErrorStatus } from './http-error'

/** For HTML that did not bring its own policy (the inspector page normally does). */
const DEFAULT_PAGE_CSP = "default-src 'self'; frame-ancestors 'self'; object-src 'none'"

/** Headers every kvdev response carries (CONTRIBUTING.md#security, *Hardened responses*). */
export const HARDENED_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'SAMEORIGIN',
})

// Exactly the headers above: Hono's defaults beyond them (HSTS on a plain-HTTP dev server, COEP…) stay off.
const secure = secureHeaders({
  xContentTypeOptions: true,
  crossOriginResourcePolicy: 'same-origin',
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'SAMEORIGIN',
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  removePoweredBy: false,
})

/**
 * Response hardening for every kvdev answer, errors and the Cloudflare API included:
 * Hono's `secureHeaders` for nosniff, CORP, referrer and framing, then `no-store`, a
 * default CSP for HTML and no CORS header whoever set it.
 */
export const harden: MiddlewareHandler = async (c, next) => {
  await secure(c, async () => {
    await next()
    const { headers } = c.res
    for (const name of [...headers.keys()]) {
      if (name.startsWith('access-control-')) headers.delete(name)
    }
    headers.set('cache-control', 'no-store')
    if (
      headers.get('content-type')?.startsWith('text/html') &&
      !headers.has('content-security-policy')
    ) {
      headers.set('content-security-policy', DEFAULT_PAGE_CSP)
    }
  })
}

const CODE_BY_STATUS: Record<number, number> = {
  400: 10001,
  401: 10000,
  403: 10000,
  404: 10009,
  405: 10405,
  409: 10014,
  413: 10011,
  415: 10415,
  500: 10002,
}

/** kvdev's error envelope (Cloudflare's shape): `{ success: false, errors: [{ code, message }] }`. */
export function errorResponse(status: number, message: string, headers?: HeadersInit): Response {
  const code = CODE_BY_STATUS[status] ?? 10000 + status
  return Response.json(
    { success: false, errors: [{ code, message }], messages: [], result: null },
    { status, headers },
  )
}

/** Answers a thrown error: its own status and message for expected failures, a short 500 otherwise. */
export function errorToResponse(error: unknown): Response {
  const status = getErrorStatus(error)
  if (status === 500) {
    return errorResponse(500, '[kvdev] Internal error in the KV API. See the dev server log.')
  }
  const message = error instanceof Error ? error.message : String(error)
  const headers = (error as { headers?: Record<string, string> }).headers
  return errorResponse(
    status,
    message.startsWith('[kvdev]') ? message : `[kvdev] ${message}`,
    headers,
  )
}
