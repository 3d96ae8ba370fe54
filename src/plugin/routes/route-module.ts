import type { Context, Handler, Hono } from 'hono'

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

interface FetchHandler {
  fetch(request: Request, env?: unknown, ctx?: unknown): Response | Promise<Response>
}

export function isHonoApp(value: unknown): value is Hono {
  const app = value as Partial<Hono> | null
  return (
    typeof app?.fetch === 'function' && typeof app.route === 'function' && Array.isArray(app.routes)
  )
}

export function isFetchHandler(value: unknown): value is FetchHandler {
  return typeof (value as FetchHandler | null)?.fetch === 'function'
}

/** The method handlers a route module exports (`export function GET(c) {}`). */
export function getMethodHandlers(mod: Record<string, unknown>): Map<HttpMethod, Handler> {
  const handlers = new Map<HttpMethod, Handler>()
  for (const method of HTTP_METHODS) {
    const handler = mod[method]
    if (typeof handler === 'function') handlers.set(method, handler as Handler)
  }
  return handlers
}

/** The `Allow` header: every exported method, plus HEAD when GET answers it. */
export function getAllowHeader(handlers: Map<HttpMethod, Handler>): string {
  const methods = new Set(handlers.keys())
  if (methods.has('GET')) methods.add('HEAD')
  return HTTP_METHODS.filter((m) => methods.has(m)).join(', ')
}

/** One handler for all methods of a route file: dispatches by method, 405 with `Allow` otherwise. */
export function createMethodDispatcher(handlers: Map<HttpMethod, Handler>, name: string): Handler {
  const allow = getAllowHeader(handlers)
  // The message names what the file exports; `Allow` also has the HEAD that GET answers.
  const exported = [...handlers.keys()].join(', ')
  return (c: Context, next) => {
    const method = c.req.method.toUpperCase() as HttpMethod
    const handler = handlers.get(method) ?? (method === 'HEAD' ? handlers.get('GET') : undefined)
    if (handler) return handler(c, next)
    c.header('Allow', allow)
    return c.json(
      {
        error: `[kvdev] Method ${method} is not allowed on ${c.req.path}: ${name} exports ${exported}.`,
      },
      405,
    )
  }
}
