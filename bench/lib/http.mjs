import http from 'node:http'

// One keep-alive agent: every tool is measured through the same client, 127.0.0.1 only.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

/** A request to a local server; resolves `{ status, body }` once the body is read. */
export function request(url, { method = 'GET', headers = {}, body } = {}) {
  const target = new URL(url)
  if (target.hostname !== '127.0.0.1') throw new Error(`bench requests stay local: ${url}`)
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method, headers, agent }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Like `request`, but a non-2xx status throws with the body. */
export async function ok(url, init) {
  const res = await request(url, init)
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${init?.method ?? 'GET'} ${url} → ${res.status}: ${res.body.slice(0, 300)}`)
  return res
}

/** Polls `url` until it answers 2xx; returns the ms since `since`. */
export async function waitFor(url, since, { timeoutMs = 120_000, init } = {}) {
  for (;;) {
    try {
      const res = await request(url, init)
      if (res.status >= 200 && res.status < 300) return performance.now() - since
    } catch {}
    if (performance.now() - since > timeoutMs)
      throw new Error(`no answer from ${url} in ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
