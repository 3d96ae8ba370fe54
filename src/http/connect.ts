import type { IncomingMessage, ServerResponse } from 'node:http'
import { getRequestListener, type HttpBindings } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { checkRequestTarget, getTargetPathname } from './request-target'
import { errorResponse, HARDENED_HEADERS } from './respond'

export type NextFunction = (error?: unknown) => void
export type ConnectMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: NextFunction,
) => void
/**
 * A fetch handler that gives undefined for requests it leaves to the next middleware;
 * `bindings` are Node's request and response, for what must write to Node itself (sirv).
 * `owns` says which paths are its own: requests for other paths go to the next middleware
 * untouched, body and all; without it, every path is.
 */
export type FetchHandler = ((
  request: Request,
  bindings?: HttpBindings,
) => Promise<Response | undefined>) & { owns?(pathname: string): boolean }

/**
 * What the handler sees of a request Node accepted but fetch cannot represent (a Host
 * that parses as credentials or is malformed): the path and headers, no body, on a host
 * that cannot resolve, so the guard judges the raw `Host` header itself.
 */
function toBodilessRequest(req: IncomingMessage): Request {
  const path = req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue // HTTP/2 pseudo-headers
    try {
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
    } catch {} // a value fetch refuses is dropped, not fatal
  }
  let url: URL
  try {
    url = new URL(path, 'http://host.invalid')
  } catch {
    url = new URL('http://host.invalid/')
  }
  return new Request(url, { headers })
}

/**
 * A chunked request as a Request of the running global class. @hono/node-server's
 * lightweight request only becomes one of its own subclass when the global class is
 * replaced (`overrideGlobalObjects`), which kvdev does not do: `new Request(request, init)`
 * then fails with "Cannot read properties of undefined (reading 'window')", and Hono's
 * `bodyLimit` does exactly that with a body of unknown length (kvdev's routes, the
 * services and the user's route files alike). The body stays the incoming stream, read as
 * the route reads it; the signal still aborts when the client goes. A body of declared
 * length keeps the lightweight request, whose reads skip the web stream.
 */
function toGlobalRequest(request: Request): Request {
  if (!request.headers.has('transfer-encoding')) return request
  try {
    return new Request(request.url, {
      method: request.method,
      headers: request.headers,
      signal: request.signal,
      body: request.body,
      duplex: 'half',
    } as RequestInit)
  } catch {
    return request // a method fetch cannot represent (TRACE): left for the handler to refuse
  }
}

/**
 * The one bridge between Node and fetch: `@hono/node-server`'s request listener (what
 * `@hono/vite-dev-server` uses) as Connect middleware. The body streams in as the
 * handler reads it, the response streams out under backpressure, the request's signal
 * aborts when the client goes, a refused upload is drained and its connection closed.
 * A target that would reach the handler as another request than the one sent (a backslash,
 * another origin's absolute-form target) is answered 400 on the handler's paths.
 * A handler answering undefined passes the request on with `next()`; no exception escapes.
 *
 * @example
 * server.middlewares.use(createConnectMiddleware(createKvdevHandler(options)))
 */
export function createConnectMiddleware(handler: FetchHandler): ConnectMiddleware {
  return (req, res, next) => {
    // Another's request is left as it came: building one would start reading its body.
    if (handler.owns?.(getTargetPathname(req)) === false) return next()
    const refusal = checkRequestTarget(req)
    const answer = async (request: Request, bindings?: unknown): Promise<Response> => {
      const response = refusal
        ? errorResponse(400, refusal, HARDENED_HEADERS)
        : await handler(toGlobalRequest(request), bindings as HttpBindings | undefined)
      if (response === undefined) {
        next()
        return RESPONSE_ALREADY_SENT
      }
      // Vite ≥7 runs its CORS middleware first; kvdev's answers never carry CORS headers.
      for (const name of res.getHeaderNames()) {
        if (name.startsWith('access-control-')) res.removeHeader(name)
      }
      return response
    }
    const listener = getRequestListener(answer, {
      // kvdev runs inside the user's Vite process: leave its global Request and Response alone.
      overrideGlobalObjects: false,
      errorHandler: (error) =>
        // The request could not be built (malformed Host, bad target): let the guard answer it.
        (error as Error)?.name === 'RequestError' ? answer(toBodilessRequest(req)) : next(error),
    })
    listener(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500
        res.end()
      } else res.destroy(error as Error)
    })
  }
}
