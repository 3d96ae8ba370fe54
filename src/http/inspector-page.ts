import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_INSPECTOR_BASE } from '../constants'

export interface InspectorPageOptions {
  /** Where the inspector lives. @default '/__kv' */
  base?: string
  /** The per-process token, embedded in the page for its API calls. */
  token: string
  /** The built SPA (`index.html` + `assets/`). @default dist/client beside the built module */
  clientDir?: string
}

/** The page's policy: only its own files, nothing inline, no framing by other origins. */
export const INSPECTOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/**
 * The built SPA: `dist/client` is `./client` beside the bundled `dist/*.mjs`, and
 * `../../dist/client` from `src/http` when running from source (tests).
 */
export function getDefaultClientDir(): string {
  const candidates = [
    new URL('./client', import.meta.url),
    new URL('../../dist/client', import.meta.url),
  ]
  const paths = candidates.map((url) => fileURLToPath(url))
  return paths.find((path) => existsSync(join(path, 'index.html'))) ?? paths[0]!
}

export function escapeHtmlAttribute(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
}

/** The file under `dir` a URL path names, or null when it would leave `dir` or is malformed. */
export function resolveAssetPath(dir: string, relativePath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(relativePath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return null
  const root = resolve(dir)
  const path = resolve(root, `.${sep}${decoded}`)
  return path.startsWith(root + sep) ? path : null
}

function pageResponse(request: Request, body: BodyInit, type: string, status = 200) {
  const headers = {
    'content-type': type,
    'content-security-policy': INSPECTOR_CSP,
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'SAMEORIGIN',
    // The HTML carries the token: never cache it.
    'cache-control': 'no-store',
  }
  return new Response(request.method === 'HEAD' ? null : body, { status, headers })
}

function missingBuild(request: Request, dir: string): Response {
  const message = `[kvdev] The inspector is not built: ${dir} has no index.html. Run \`npm run build\` (or \`npm run build:client\`).`
  const html = `<!doctype html><meta charset="utf-8"><title>kvdev inspector not built</title><h1>kvdev inspector not built</h1><p>${escapeHtmlAttribute(message)}</p>`
  return pageResponse(request, html, 'text/html; charset=utf-8', 500)
}

/** A path naming a file of the build (`assets/app.js`), not a client route of the SPA. */
export function isAssetPath(rest: string): boolean {
  return extname(rest) !== '' && rest !== 'index.html'
}

/**
 * Serves the inspector SPA's page under `base`: `index.html` (with the token and base in
 * `<meta>` tags) for `<base>/` and any client route of the SPA. Gives undefined for what
 * it does not serve (API paths, other methods, files of the build).
 *
 * @example
 * const inspectorPage = createInspectorPage({ base: '/__kv', token })
 * createKvdevHandler({ runtime, token, personas, root, inspectorPage })
 */
export function createInspectorPage(options: InspectorPageOptions) {
  const base = (options.base ?? DEFAULT_INSPECTOR_BASE).replace(/\/+$/, '')
  const meta =
    `<meta name="kvdev-token" content="${escapeHtmlAttribute(options.token)}">` +
    `<meta name="kvdev-base" content="${escapeHtmlAttribute(base)}">`

  return async (request: Request): Promise<Response | undefined> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined
    const { pathname } = new URL(request.url)
    if (!pathname.startsWith(`${base}/`)) return undefined
    const rest = pathname.slice(base.length + 1)
    if (rest === 'api' || rest.startsWith('api/')) return undefined
    const dir = options.clientDir ?? getDefaultClientDir()

    // Files of the build are `createInspectorAssets`' (sirv); a path with an extension it did not serve is missing.
    if (isAssetPath(rest)) return undefined

    const index = await readFile(join(dir, 'index.html'), 'utf8').catch(() => null)
    if (index === null) return missingBuild(request, dir)
    const html = index.replace('<head>', () => `<head>${meta}`)
    return pageResponse(request, html, 'text/html; charset=utf-8')
  }
}
