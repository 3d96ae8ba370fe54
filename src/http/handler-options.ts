import type { KvRuntime } from '../runtime/create-kv-runtime'
import type { UsageMeter } from '../usage/meter'
import type { Personas } from '../users/personas'

/** What `createKvdevHandler` and the app behind it are given. */
export interface KvdevHandlerOptions {
  runtime: KvRuntime
  /** The per-process token (`createToken()`). */
  token: string
  /** Where the inspector and its API live. @default '/__kv' */
  base?: string
  personas: Personas
  /** The configured seed file, absolute. @default null */
  seedFile?: string | null
  /** The meter of the app's routes, behind `GET usage` and `GET requests`. @default null */
  usage?: UsageMeter
  /** The project root (paths are shown relative to it). */
  root: string
  /** Hosts allowed beside loopback: Vite's `server.allowedHosts` and `server.host`; `true` allows all. @default [] */
  allowedHosts?: string[] | true
  /** The server listens beyond loopback: every request needs the token. @default false */
  exposed?: boolean
  /** Serves the inspector page and its assets; undefined when it has no such file. */
  inspectorPage?: (request: Request) => Promise<Response | undefined>
  /** The built SPA whose files sirv serves. @default dist/client beside the built module */
  clientDir?: string
  /** Where unexpected errors are reported (the answer itself stays short). @default console */
  logger?: { error(message: string, options?: { error?: unknown }): void }
}
