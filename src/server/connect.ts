import type { IncomingMessage, ServerResponse } from 'node:http'
import type { KvdevHandler } from './create-handler'
import { toRequest } from './node-request'
import { errorResponse } from './respond'

export type NextFunction = (error?: unknown) => void
export type ConnectMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: NextFunction,
) => void

/** Writes a fetch `Response` to Node, chunk by chunk (event streams flush as they go), honouring backpressure. */
export async function sendResponse(
  res: ServerResponse,
  response: Response,
  { head = false, close = false }: { head?: boolean; close?: boolean } = {},
): Promise<void> {
  // Vite ≥7 runs its CORS middleware first; kvdev routes never carry CORS headers.
  for (const name of res.getHeaderNames()) {
    if (name.startsWith('access-control-')) res.removeHeader(name)
  }
  res.statusCode = response.status
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (close) res.setHeader('connection', 'close')
  if (!response.body || head) {
    await response.body?.cancel().catch(() => {})
    res.end()
    return
  }
  res.flushHeaders()
  const reader = response.body.getReader()
  const onClose = () => void reader.cancel().catch(() => {})
  res.once('close', onClose)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) return
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve)
          res.once('close', resolve)
        })
      }
    }
    res.end()
  } catch (error) {
    res.destroy(error as Error)
  } finally {
    res.off('close', onClose)
  }
}

/**
 * The one adapter from kvdev's fetch handler to Connect / Node middleware: builds a
 * `Request` from the Node request, writes the `Response` back, calls `next()` for paths
 * the handler does not own. No exception escapes.
 *
 * @example
 * server.middlewares.use(createConnectMiddleware(createKvdevHandler(options)))
 */
export function createConnectMiddleware(handler: KvdevHandler): ConnectMiddleware {
  return (req, res, next) => {
    void (async () => {
      const controller = new AbortController()
      res.once('close', () => {
        if (!res.writableFinished) controller.abort()
      })
      let bodyRefused = false
      let response: Response | undefined
      let request: Request
      try {
        request = toRequest(req, {
          signal: controller.signal,
          onBodyCancel: () => {
            bodyRefused = true
          },
        })
      } catch {
        // fetch cannot represent it (TRACE, TRACK, CONNECT): no kvdev route answers such a
        // method, so it is left to the next middleware, like any path kvdev does not own.
        next()
        return
      }
      try {
        response = await handler(request)
      } catch {
        response = errorResponse(
          500,
          '[kvdev] Internal error in the KV API. See the dev server log.',
        )
      }
      if (response === undefined) return next()
      if (res.headersSent || res.destroyed) return
      await sendResponse(res, response, { head: req.method === 'HEAD', close: bodyRefused })
      if (bodyRefused) req.resume() // discard what the client still sends; the connection closes after
    })().catch((error: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500
        res.end()
      } else res.destroy(error as Error)
    })
  }
}
