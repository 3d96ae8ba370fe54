import { realpathSync } from 'node:fs'
import { posix } from 'node:path'

const MAX_DECODE_ROUNDS = 4

function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    // A malformed sequence elsewhere: decode the well-formed ones byte by byte.
    return value.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    )
  }
}

/** Decodes until stable: `%252e` is `.` to a server that decodes twice. */
function decodeFully(value: string): string {
  let current = value
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    const next = decodeOnce(current)
    if (next === current) break
    current = next
  }
  return current
}

/** `/a//b/../c\d` → `/a/c/d`: Vite and the file system read the same file either way. */
function normalisePath(path: string): string {
  return posix.normalize(`/${path.replace(/\\/g, '/').replace(/\0/g, '')}`)
}

/** The URL paths a request may name: query and fragment cut before and after decoding. */
export function getRequestPathnames(url: string): string[] {
  const raw = url.split(/[?#]/, 1)[0]!
  const decoded = decodeFully(raw)
  const variants = new Set([decoded, decoded.split(/[?#]/, 1)[0]!])
  return [...variants].map(normalisePath)
}

function realpathOf(file: string): string | undefined {
  try {
    return realpathSync.native(file)
  } catch {
    return undefined
  }
}

/**
 * Every file a request URL could make Vite read: root-relative (`/x`), an absolute path
 * (`/@fs/abs`, or `/abs` itself, which Vite's resolver accepts), `/@id/` ids, each with and
 * without Vite's `base`, and the real paths behind symlinks.
 */
export function getRequestFiles(url: string, root: string, base: string): string[] {
  const files = new Set<string>()
  const prefix = base.replace(/\/+$/, '')
  for (const pathname of getRequestPathnames(url)) {
    const paths = [pathname]
    if (prefix && (pathname === prefix || pathname.startsWith(`${prefix}/`))) {
      paths.push(normalisePath(pathname.slice(prefix.length)))
    }
    for (const path of paths) {
      const id = path.replace(/^\/@(?:fs|id)(?=\/)/, '').replace(/^\/__x00__/, '/')
      files.add(id)
      files.add(posix.join(root, id))
    }
  }
  for (const file of [...files]) {
    const real = realpathOf(file)
    if (real) files.add(real)
  }
  return [...files]
}
