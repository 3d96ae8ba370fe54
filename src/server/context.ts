import type { KvRuntime } from '../runtime/create-kv'
import type { Personas } from '../users/personas'

/** What a kvdev route gets: the request, already through the guard, and the server's parts. */
export interface RouteContext {
  request: Request
  url: URL
  runtime: KvRuntime
  personas: Personas
  /** The configured seed file (absolute), or null. */
  seedFile: string | null
  root: string
}

export type Route = (context: RouteContext) => Promise<Response>
