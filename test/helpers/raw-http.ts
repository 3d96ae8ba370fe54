import { request } from 'node:http'
import { connect } from 'node:net'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

function decodeChunked(text: string): string {
  let body = ''
  let rest = text
  for (;;) {
    const end = rest.indexOf('\r\n')
    const size = Number.parseInt(rest.slice(0, end), 16)
    if (end < 0 || !(size > 0)) return body
    body += rest.slice(end + 2, end + 2 + size)
    rest = rest.slice(end + 4 + size)
  }
}

/**
 * Sends a hand-written HTTP/1.1 request (its request line and header lines, as written)
 * on a fresh socket and reads the answer until the server closes: what fetch and
 * node:http refuse to send (absolute-form targets, backslashes, a foreign Host).
 */
export function sendRaw(port: number, lines: string[], body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const received: Buffer[] = []
    socket.on('data', (chunk) => received.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(received).toString('utf8')
      const split = text.indexOf('\r\n\r\n')
      const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n')
      const headers: Record<string, string> = {}
      for (const line of headerLines) {
        const colon = line.indexOf(':')
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
      }
      const raw = text.slice(split + 4)
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: headers['transfer-encoding'] === 'chunked' ? decodeChunked(raw) : raw,
      })
    })
    // Written, not ended: a client's half-close lets Node drop an answer still on its way.
    // `Connection: close` makes the server close once it has answered.
    socket.write(`${[...lines, 'Connection: close'].join('\r\n')}\r\n\r\n${body}`)
  })
}

/** A body of `prefix`, `size` filler bytes and `suffix`, made 64 KiB at a time as it is sent. */
export function* makeBody(prefix: string, size: number, suffix = ''): Generator<Buffer> {
  yield Buffer.from(prefix)
  const block = Buffer.alloc(64 * 1024, 'a')
  for (let left = size; left > 0; left -= block.length) {
    yield left >= block.length ? block : block.subarray(0, left)
  }
  if (suffix) yield Buffer.from(suffix)
}

export interface StreamedAnswer {
  status: number
  body: string
  /** Body bytes the client wrote before the answer came. */
  written: number
  /** The client sent the whole body. */
  finished: boolean
}

/**
 * Sends `chunks` with node:http as the server lets it take them: `Transfer-Encoding:
 * chunked`, or `Content-Length` when `length` is given. It stops writing as soon as the
 * answer arrives, so an early 413 shows how much the server took.
 */
export function sendStreamed(
  url: string,
  init: {
    method: string
    headers?: Record<string, string>
    chunks: Iterable<Buffer>
    length?: number
  },
): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    let written = 0
    let answered = false
    let finished = false
    const framing: Record<string, string> =
      init.length === undefined
        ? { 'transfer-encoding': 'chunked' }
        : { 'content-length': String(init.length) }
    const req = request(url, { method: init.method, headers: { ...init.headers, ...framing } })
    req.on('response', (res) => {
      answered = true
      const parts: Buffer[] = []
      res.on('data', (chunk: Buffer) => parts.push(chunk))
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(parts).toString('utf8'),
          written,
          finished,
        })
        req.destroy()
      })
    })
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    const iterator = init.chunks[Symbol.iterator]()
    const pump = () => {
      while (!answered && !req.destroyed) {
        const next = iterator.next()
        if (next.done) {
          finished = true
          req.end()
          return
        }
        written += next.value.length
        if (!req.write(next.value)) {
          req.once('drain', pump)
          return
        }
      }
    }
    pump()
  })
}
