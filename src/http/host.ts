import { isIP } from 'node:net'

export interface ParsedHost {
  /** Lowercase; IPv6 without brackets. */
  hostname: string
  /** The port as written, or '' when absent. */
  port: string
  /** True for `[…]` hosts. */
  ipv6: boolean
}

// RFC 3986 host: a bracketed IPv6 address or a reg-name/IPv4 made of letters, digits, `-` and `.`.
const HOST_PATTERN = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::(\d{1,5}))?$/
const MAX_HOST_LENGTH = 300

/** Parses a `Host` header; anything malformed gives undefined (never throws). */
export function parseHost(value: string | null | undefined): ParsedHost | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_HOST_LENGTH) return
  const match = HOST_PATTERN.exec(value.toLowerCase())
  if (!match) return
  const [, v6, name, port = ''] = match
  if (port !== '' && Number(port) > 65535) return
  if (v6 !== undefined) {
    if (isIP(v6) !== 6) return
    return { hostname: v6, port, ipv6: true }
  }
  const hostname = name!
  if (hostname.startsWith('.') || hostname.endsWith('.') || hostname.includes('..')) return
  return { hostname, port, ipv6: false }
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

function isLoopbackIPv4(address: string): boolean {
  const parts = IPV4.exec(address)
  return parts !== null && parts[1] === '127' && parts.slice(2).every((p) => Number(p) <= 255)
}

function isLoopbackIPv6(address: string): boolean {
  if (address === '::1' || address === '0:0:0:0:0:0:0:1') return true
  // IPv4-mapped loopback, as written (`::ffff:127.0.0.1`) or as URL parsers print it (`::ffff:7f00:1`).
  const mapped = /^::ffff:(.+)$/.exec(address)
  if (!mapped) return false
  return isLoopbackIPv4(mapped[1]!) || /^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(mapped[1]!)
}

/** `localhost`, `*.localhost` and loopback addresses: names a DNS-rebinding attacker cannot point. */
export function isLoopbackHost(host: ParsedHost): boolean {
  const { hostname } = host
  if (host.ipv6) return isLoopbackIPv6(hostname)
  return hostname === 'localhost' || hostname.endsWith('.localhost') || isLoopbackIPv4(hostname)
}

/** An IP literal: a browser only sends one when the user typed it, so it cannot be a rebound name. */
export function isIpHost(host: ParsedHost): boolean {
  return isIP(host.hostname) !== 0
}

/**
 * True when `host` is in `allowed`, Vite's `server.allowedHosts` semantics:
 * `true` allows all, `'.example.com'` allows the domain and its subdomains.
 */
export function isConfiguredHost(host: ParsedHost, allowed: readonly string[] | true): boolean {
  if (allowed === true) return true
  for (const raw of allowed) {
    const entry = raw.toLowerCase().replace(/\.$/, '')
    if (entry.startsWith('.')) {
      if (host.hostname === entry.slice(1) || host.hostname.endsWith(entry)) return true
    } else if (host.hostname === entry.replace(/^\[(.*)\]$/, '$1')) return true
  }
  return false
}
