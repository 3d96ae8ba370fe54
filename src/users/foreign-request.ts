import { getRequestHost } from '../http/guard'
import { getRequestScheme, isSameOrigin } from '../http/origin'

/**
 * Why a browser marks `request` as coming from another origin, or null when it does not:
 * an `Origin` other than the request's own `scheme://host:port` (`null` included), or
 * `Sec-Fetch-Site` `cross-site` / `same-site` (another port of localhost is same-site).
 * Requests without those headers (curl, scripts, tests) and same-origin pages give null.
 * The mock user and the persona cookie are for the app's own pages (CONTRIBUTING.md#security,
 * *Foreign requests signed out*).
 */
export function getForeignReason(request: Request): string | null {
  const origin = request.headers.get('origin')
  if (origin !== null) {
    const host = getRequestHost(request)
    if (!host || !isSameOrigin(origin, getRequestScheme(request), host)) {
      return `Origin ${JSON.stringify(origin.slice(0, 200))}`
    }
  }
  const site = request.headers.get('sec-fetch-site')
  if (site === 'cross-site' || site === 'same-site') return `Sec-Fetch-Site ${site}`
  return null
}
