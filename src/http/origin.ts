import { type ParsedHost, parseHost } from './host'

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' }
const ORIGIN_PATTERN = /^(https?):\/\/([^/?#@\s]+)$/

/** The request's scheme, from its URL (the Node adapter sets it from the socket). */
export function getRequestScheme(request: Request): 'http' | 'https' {
  return request.url.startsWith('https:') ? 'https' : 'http'
}

/**
 * Exact same-origin: `Origin` must name the request's own scheme, host and port.
 * `null`, other ports, other hosts and malformed values are all false.
 */
export function isSameOrigin(origin: string | null, scheme: string, host: ParsedHost): boolean {
  if (origin === null) return false
  const match = ORIGIN_PATTERN.exec(origin.toLowerCase())
  if (!match || match[1] !== scheme) return false
  const parsed = parseHost(match[2])
  if (!parsed) return false
  const defaultPort = DEFAULT_PORTS[scheme]!
  return (
    parsed.hostname === host.hostname &&
    parsed.ipv6 === host.ipv6 &&
    (parsed.port || defaultPort) === (host.port || defaultPort)
  )
}
