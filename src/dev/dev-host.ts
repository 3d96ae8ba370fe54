import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { Hono } from 'hono'
import type { Connect, Logger, ViteDevServer } from 'vite'
import { createConnectMiddleware } from '../http/connect'
import { HARDENED_HEADERS, harden } from '../http/respond'
import { createDevLogger } from './dev-logger'
import { createFileWatcher, type FileWatcher } from './file-watcher'
import type { ModuleLoader } from './module-loader'

export interface DevHostOptions {
  root: string
  port: number
  host?: string | boolean
  loader: ModuleLoader
}

type Layer = { route: string; handle: Connect.NextHandleFunction }

/** The part of a Vite dev server kvdev's session uses, and what `kvdev dev` needs beside it. */
export interface DevHost {
  /** A view with a middleware stack of its own: one per session, as Vite makes one per server. */
  view(restart: () => Promise<void>): ViteDevServer
  /** Serves requests with this view's middlewares from now on. */
  serve(view: ViteDevServer): void
  listen(): Promise<void>
  /** Base URL, e.g. `http://localhost:8788`, once listening. */
  url(): string
  watcher: FileWatcher
  logger: Logger
  close(): Promise<void>
}

const WILDCARDS = new Set(['0.0.0.0', '::'])

/** What no middleware answers: nothing is served from the disk (CONTRIBUTING.md#security). */
const notFoundApp = new Hono()
  .use(harden)
  .all('*', (c) =>
    c.text('[kvdev] Not found. This server answers the API routes and the inspector only.', 404),
  )
const notFound = createConnectMiddleware(async (request) => notFoundApp.fetch(request))

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) return void res.destroy()
  res.writeHead(500, { ...HARDENED_HEADERS, 'content-type': 'text/plain; charset=utf-8' })
  res.end(`[kvdev] ${error instanceof Error ? error.message : String(error)}`)
}

function run(stack: Layer[], req: IncomingMessage, res: ServerResponse): void {
  let index = 0
  const next = (error?: unknown) => {
    if (error !== undefined) return fail(res, error)
    const layer = stack[index++]
    if (!layer) return notFound(req, res, (e) => fail(res, e ?? 'no answer'))
    try {
      layer.handle(req, res, next)
    } catch (thrown) {
      fail(res, thrown)
    }
  }
  next()
}

/**
 * An HTTP server for kvdev's session without Vite: the session (routes, inspector, TMA
 * endpoints, guards, server.json, watchers) runs unchanged on a view shaped like the Vite dev
 * server it was written for, with Node's `http` server, a watcher of the files kvdev names, and
 * route modules run by `loader` instead of Vite's module runner. Nothing here serves files.
 */
export function createDevHost(options: DevHostOptions): DevHost {
  const { root, port, host, loader } = options
  const logger = createDevLogger()
  const watcher = createFileWatcher()
  let stack: Layer[] = []
  const httpServer: Server = createServer((req, res) => run(stack, req, res))
  const listenHost =
    host === true || (typeof host === 'string' && WILDCARDS.has(host))
      ? undefined
      : host || 'localhost'
  const config = {
    root,
    base: '/',
    logger,
    server: { host, port, strictPort: true, allowedHosts: [], watch: {} },
  }
  const node = (file: string) => ({ id: file, importers: loader.importersOf(file) })
  const ssr = {
    moduleGraph: { getModulesByFile: () => undefined, invalidateModule() {} },
    runner: {
      import: (file: string) => loader.import(file),
      evaluatedModules: {
        getModulesByFile: (file: string) => (loader.has(file) ? [node(file)] : undefined),
        getModuleById: (id: string) => (loader.has(id) ? node(id) : undefined),
        invalidateModule: (mod: { id: string }) => loader.invalidate(mod.id),
      },
    },
  }
  let resolvedUrls: { local: string[]; network: string[] } | null = null
  const url = () => {
    const address = httpServer.address() as AddressInfo
    const named = typeof listenHost === 'string' && listenHost !== 'localhost'
    const name = named ? (listenHost.includes(':') ? `[${listenHost}]` : listenHost) : 'localhost'
    return `http://${name}:${address.port}`
  }
  const printUrls = () => {
    for (const local of resolvedUrls?.local ?? []) logger.info(`  ➜  Local:   ${local}`)
    for (const network of resolvedUrls?.network ?? []) logger.info(`  ➜  Network: ${network}`)
  }

  return {
    view(restart) {
      const middlewares = {
        stack: [] as Layer[],
        use(handle: Connect.NextHandleFunction) {
          middlewares.stack.push({ route: '', handle })
          return middlewares
        },
      }
      const view = {
        config,
        middlewares,
        watcher,
        httpServer,
        environments: { ssr },
        get resolvedUrls() {
          return resolvedUrls
        },
        printUrls() {
          printUrls()
        },
        restart,
      }
      // Only the members above are read by kvdev's session (src/plugin/): the cast stands for that.
      return view as unknown as ViteDevServer
    },
    serve(view) {
      stack = (view.middlewares as unknown as { stack: Layer[] }).stack
    },
    async listen() {
      await new Promise<void>((done, reject) => {
        const onError = (error: NodeJS.ErrnoException) =>
          reject(
            error.code === 'EADDRINUSE'
              ? new Error(
                  `[kvdev] Port ${port} is already in use. Pass another --port (0 picks a free one), or stop what listens there.`,
                  { cause: error },
                )
              : error,
          )
        httpServer.once('error', onError)
        httpServer.listen(port, listenHost, () => {
          httpServer.off('error', onError)
          done()
        })
      })
      const local = `${url()}/`
      const network: string[] = []
      if (listenHost === undefined) {
        const { port: bound } = httpServer.address() as AddressInfo
        for (const nets of Object.values(networkInterfaces()))
          for (const net of nets ?? [])
            if (net.family === 'IPv4' && !net.internal)
              network.push(`http://${net.address}:${bound}/`)
      }
      resolvedUrls = { local: [local], network }
    },
    url,
    watcher,
    logger,
    async close() {
      await watcher.close()
      httpServer.closeAllConnections()
      await new Promise((done) => httpServer.close(done))
    },
  }
}
