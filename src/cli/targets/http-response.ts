/** What the CLI reads of an answer: a fetch `Response` has it, and so does a plain node:http reply. */
export interface HttpResponse {
  readonly ok: boolean
  readonly status: number
  readonly statusText: string
  readonly headers: { get(name: string): string | null }
  readonly body: AsyncIterable<Uint8Array> | null
  text(): Promise<string>
  json(): Promise<unknown>
  arrayBuffer(): Promise<ArrayBuffer>
}

export interface HttpInit {
  method?: string
  headers?: Record<string, string>
  body?: string | Uint8Array | FormData
  signal?: AbortSignal
}

/**
 * One plain-HTTP call on node:http. Node's fetch costs about 50 ms to load on every
 * CLI run; the dev server is always plain HTTP on this machine, so its path skips it.
 * A FormData body (metadata writes) is encoded by fetch's own `Request`, loaded then only.
 */
export async function requestHttp(url: string, init: HttpInit = {}): Promise<HttpResponse> {
  let body = init.body
  const headers = { ...init.headers }
  // Not `instanceof FormData`: naming the global loads fetch, the cost this module avoids.
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    const encoded = new Request(url, { method: 'POST', body })
    headers['content-type'] = encoded.headers.get('content-type')!
    body = new Uint8Array(await encoded.arrayBuffer())
  }
  return new Promise((resolve, reject) => {
    // node:http from Node's registry, not `import`ed: importing it builds its module namespace,
    // which reads every export, and its `WebSocket` export loads undici (fetch) with it.
    const { request: httpRequest } = process.getBuiltinModule('node:http')
    const req = httpRequest(url, { method: init.method ?? 'GET', headers, signal: init.signal })
    req.once('error', reject)
    req.once('response', (res) => {
      let read: Promise<Buffer> | undefined
      const all = () => {
        read ??= (async () => {
          const chunks: Buffer[] = []
          for await (const chunk of res) chunks.push(chunk as Buffer)
          return Buffer.concat(chunks)
        })()
        return read
      }
      const status = res.statusCode ?? 0
      resolve({
        ok: status >= 200 && status < 300,
        status,
        statusText: res.statusMessage ?? '',
        headers: {
          get(name) {
            const value = res.headers[name.toLowerCase()]
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
          },
        },
        body: res,
        text: async () => (await all()).toString('utf8'),
        json: async () => JSON.parse((await all()).toString('utf8')),
        arrayBuffer: async () => {
          const bytes = await all()
          return bytes.buffer.slice(
            bytes.byteOffset,
            bytes.byteOffset + bytes.byteLength,
          ) as ArrayBuffer
        },
      })
    })
    req.end(body)
  })
}
