import type { IncomingMessage } from 'node:http'

/**
 * Reads a Node request body as a web stream, pausing the socket under backpressure.
 * Nothing is read until the handler asks (high-water mark 0): a request the handler
 * passes on with `next()` reaches the next middleware untouched.
 */
function toBodyStream(req: IncomingMessage, onCancel: () => void): ReadableStream<Uint8Array> {
  let attached = false
  let wake: (() => void) | undefined
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!attached) {
          attached = true
          req.on('data', (chunk: Buffer) => {
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
            req.pause()
            wake?.()
          })
          req.once('end', () => {
            controller.close()
            wake?.()
          })
          req.once('error', (error) => {
            controller.error(error)
            wake?.()
          })
        }
        // Resolve once a chunk (or the end) arrived, so the stream asks again only when read.
        return new Promise<void>((resolve) => {
          wake = resolve
          req.resume()
        })
      },
      cancel() {
        // A refused body (413): stop reading it without destroying the socket the answer goes out on.
        req.removeAllListeners('data')
        wake?.()
        onCancel()
      },
    },
    { highWaterMark: 0 },
  )
}

/**
 * Builds a fetch `Request` from a Node request: the body streamed (never buffered),
 * `signal` aborted when the client goes. Without a `Host` header the URL names an
 * unresolvable host, so the guard refuses it rather than assuming localhost.
 */
export function toRequest(
  req: IncomingMessage,
  { signal, onBodyCancel = () => {} }: { signal?: AbortSignal; onBodyCancel?: () => void } = {},
): Request {
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true
  const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/'
  const origin = `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'host.invalid'}`
  let url: URL
  try {
    url = new URL(path.startsWith('/') ? path : `/${path}`, origin)
  } catch {
    // A malformed Host: keep the path so routing still sees it; the guard reads the raw header.
    url = new URL(path.startsWith('/') ? path : `/${path}`, 'http://host.invalid')
  }
  if (url.username || url.password) {
    // `Host: 127.0.0.1:5173@evil.example` parses as credentials, which fetch refuses: same treatment.
    url = new URL(`${url.pathname}${url.search}`, 'http://host.invalid')
  }
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue // HTTP/2 pseudo-headers
    try {
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
    } catch {} // a value fetch refuses is dropped, not fatal
  }
  const method = req.method ?? 'GET'
  // HTTP/1.1 framing: a body exists only with a length or chunked encoding. A bodiless
  // DELETE must not look like one to the guard's content-type rule.
  const length = req.headers['content-length']
  const hasBody =
    method !== 'GET' &&
    method !== 'HEAD' &&
    (req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0'))
  return new Request(url, {
    method,
    headers,
    signal,
    body: hasBody ? toBodyStream(req, onBodyCancel) : undefined,
    // Node's fetch requires `duplex` for a streamed body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit)
}
