import { getErrorStatus } from './http-error'

/** Headers every kvdev response carries (SECURITY.md rule 7). */
export const HARDENED_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'SAMEORIGIN',
})

/** For HTML that did not bring its own policy (the inspector page normally does). */
const DEFAULT_PAGE_CSP = "default-src 'self'; frame-ancestors 'self'; object-src 'none'"

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

export function jsonResponse(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers)
  headers.set('content-type', 'application/json; charset=utf-8')
  return hardenResponse(new Response(JSON.stringify(data), { ...init, headers }))
}

/** Cloudflare's error envelope: `{ success: false, errors: [{ code, message }] }`. */
export function errorResponse(status: number, message: string, headers?: HeadersInit): Response {
  const code = CODE_BY_STATUS[status] ?? 10000 + status
  return jsonResponse(
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
  return errorResponse(status, message.startsWith('[kvdev]') ? message : `[kvdev] ${message}`)
}

/**
 * Copies a response with the hardened headers set and every CORS header removed,
 * whoever built it (routes, the Cloudflare API, the inspector page).
 */
export function hardenResponse(response: Response): Response {
  const headers = new Headers(response.headers)
  for (const name of [...headers.keys()]) {
    if (name.startsWith('access-control-')) headers.delete(name)
  }
  for (const [name, value] of Object.entries(HARDENED_HEADERS)) headers.set(name, value)
  if (
    headers.get('content-type')?.startsWith('text/html') &&
    !headers.has('content-security-policy')
  ) {
    headers.set('content-security-policy', DEFAULT_PAGE_CSP)
  }
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  })
}
