import type { IncomingMessage } from 'node:http'

/**
 * Miniflare's route that writes a file: `join(tmp, 'files', prefix, `${uuid}.${extension}`)`
 * (Miniflare 5 adds `id` for the name), with the query's values as they come
 * (miniflare `src/index.ts`, `#handleLoopback`).
 */
const STORE_TEMP_FILE = '/core/store-temp-file'
const PATH_PARAMS = ['prefix', 'extension', 'id'] as const
/** One plain name: what Miniflare's own workers send (`prefix=email&extension=eml`), never a path. */
const NAME = /^[A-Za-z0-9_-]{1,64}$/

/** The URL Miniflare acts on: its `MF-Original-URL` header wins over the request target. */
function miniflareUrl(req: IncomingMessage): URL {
  const original = req.headers['mf-original-url']
  const target = Array.isArray(original) ? original.join(', ') : original
  return new URL(target ?? req.url ?? '', 'http://localhost')
}

/**
 * True when Miniflare would build a file path from the request's query (a `/`, `\`, `..`, NUL or
 * anything but a plain name in it), or could not parse the URL at all (it would throw outside its
 * own error handling).
 */
export function buildsPath(req: IncomingMessage): boolean {
  let url: URL
  try {
    url = miniflareUrl(req)
  } catch {
    return true
  }
  if (url.pathname !== STORE_TEMP_FILE) return false
  return PATH_PARAMS.some((name) => url.searchParams.getAll(name).some((v) => !NAME.test(v)))
}
