import type { jwk } from 'hono/jwk'
import type { KvRestCorsOptions } from './cors'

type SymmetricAlgorithm = 'HS256' | 'HS384' | 'HS512'
type AsymmetricAlgorithm = Parameters<typeof jwk>[0]['alg'][number]

/** Names of the environment variables a strategy reads, when `options.auth` gives no value. */
export interface KvRestAuthOptions {
  /** `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
  apiKey?: false | { apiKey?: string; env?: { apiKey?: string } }
  /** HTTP basic auth. */
  basic?:
    | false
    | { username?: string; password?: string; env?: { username?: string; password?: string } }
  /** `Authorization: Bearer <JWT>`, verified with a fixed secret or the keys at a JWKS URL. */
  jwt?:
    | false
    | {
        secret?: string
        jwksUrl?: string
        issuer?: string
        audience?: string
        /** For `secret` (default `HS256`). */
        algorithm?: SymmetricAlgorithm
        /** For `jwksUrl` (default RS256, ES256 and EdDSA). */
        algorithms?: AsymmetricAlgorithm[]
        env?: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string }
      }
}

export interface KvRestOptions {
  /** The KV binding in `c.env`. @default 'KV' */
  binding?: string
  /**
   * Auth strategies, configured here or by environment variables (`KV_API_KEY`,
   * `KV_USERNAME` + `KV_PASSWORD`, `KV_JWT_SECRET` or `KV_JWKS_URL`, `KV_JWT_ISSUER`,
   * `KV_JWT_AUDIENCE`). A request passes when any configured strategy accepts it; with
   * none configured every KV and admin request is refused. `false` turns auth off.
   */
  auth?: false | KvRestAuthOptions
  /**
   * Pages of other origins allowed to call the service, with Hono's `cors()` options
   * (`{ origin: ['http://localhost:3000'] }`). Off by default: a request from another
   * origin is refused with 403 before it runs. `open-api.json` is open to every origin.
   */
  cors?: KvRestCorsOptions
  /** Prefix of every route. @default '/' */
  basePath?: string
  endpoints?: {
    v1?: {
      /** @workertown/kv's routes: `GET|PUT|DELETE <kv>/<key>`. @default '/v1/kv' */
      kv?: string
      /** `GET <admin>/info`. @default '/v1/admin' */
      admin?: string
    }
    /** `GET <public>/open-api.json`, served without auth. @default '/' */
    public?: string
    /** RocketStack's routes: `GET|PUT|DELETE <items>/<key>`. @default '/kv/items' */
    items?: string
  }
}

export interface ResolvedEndpoints {
  basePath: string
  kv: string
  admin: string
  public: string
  items: string
}

/** `/` + segments, no trailing slash (the root stays `/`). */
export function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')
  return `/${joined}`
}

/** Every route's full path under `basePath`. */
export function resolveEndpoints(options: KvRestOptions): ResolvedEndpoints {
  const base = options.basePath ?? '/'
  const endpoints = options.endpoints ?? {}
  return {
    basePath: joinPath(base),
    kv: joinPath(base, endpoints.v1?.kv ?? '/v1/kv'),
    admin: joinPath(base, endpoints.v1?.admin ?? '/v1/admin'),
    public: joinPath(base, endpoints.public ?? '/'),
    items: joinPath(base, endpoints.items ?? '/kv/items'),
  }
}
