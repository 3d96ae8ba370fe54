import { AsyncLocalStorage } from 'node:async_hooks'
import { Server as HttpServer } from 'node:http'
import { Server as NetServer } from 'node:net'
import { KvdevError } from '../errors'
import { guardLoopbackServer } from './loopback-guard'

interface Start {
  /** HTTP servers guarded before they listened. */
  guarded: number
  /** A server that cannot be guarded, refused its `listen`. */
  refused?: KvdevError
}

/**
 * Which start a `listen` belongs to. The context follows Miniflare's own promises from the
 * call kvdev makes, so only servers this start makes are touched: not Vite's, nor another
 * Miniflare's in the same process (`@cloudflare/vite-plugin`'s), starting at the same time.
 */
const starts = new AsyncLocalStorage<Start>()
let open = 0
let listen: NetServer['listen'] | undefined

function guardedListen(this: NetServer, ...args: unknown[]) {
  const start = starts.getStore()
  if (start) {
    if (!(this instanceof HttpServer)) {
      start.refused ??= new KvdevError(
        'ERR_RUNTIME',
        `Miniflare started a server kvdev cannot guard: a node:net ${this.constructor.name}, not an HTTP server. kvdev never runs one of Miniflare's servers unguarded (CONTRIBUTING.md#security); install the miniflare version kvdev depends on.`,
      )
      throw start.refused
    }
    guardLoopbackServer(this)
    start.guarded++
  }
  return (listen as (...a: unknown[]) => NetServer).apply(this, args)
}

function install() {
  if (listen) return
  if (typeof NetServer.prototype.listen !== 'function') {
    throw new KvdevError(
      'ERR_RUNTIME',
      `Cannot guard Miniflare's servers: node:net's Server.prototype.listen is ${typeof NetServer.prototype.listen}. kvdev never runs them unguarded (CONTRIBUTING.md#security); run it on Node 22 or later.`,
    )
  }
  listen = NetServer.prototype.listen
  // Stays in place: outside a start it only passes the call on.
  NetServer.prototype.listen = guardedListen as NetServer['listen']
}

/**
 * Runs `start` (Miniflare's construction or `setOptions`, through `ready`) so that every HTTP
 * server it starts is guarded before it listens, and any other server refuses to listen. With
 * `expectServer`, a start that made no server fails: Miniflare changed how it makes its loopback
 * server, and kvdev stops rather than leave it unguarded.
 */
export async function whileGuarding<T>(
  start: () => Promise<T>,
  { expectServer, miniflare }: { expectServer: boolean; miniflare: string },
): Promise<T> {
  install()
  const state: Start = { guarded: 0 }
  open++
  let result: T
  try {
    result = await starts.run(state, start)
  } catch (error) {
    throw state.refused ?? error
  } finally {
    // Its hooks slow every promise on Node 22: on only while a start runs.
    if (--open === 0) starts.disable()
  }
  if (state.refused) throw state.refused
  if (expectServer && state.guarded === 0) {
    throw new KvdevError(
      'ERR_RUNTIME',
      `Cannot guard Miniflare's loopback server: miniflare ${miniflare} started no HTTP server kvdev could guard. kvdev never runs it unguarded (CONTRIBUTING.md#security); install the miniflare version kvdev depends on.`,
    )
  }
  return result
}
