import { resolve, sep } from 'node:path'
import type { Hono } from 'hono'
import type { ViteDevServer } from 'vite'
import type { ResolvedOptions } from '../options'
import type { KvRuntime } from '../runtime/create-kv-runtime'
import type { UsageMeter } from '../usage/meter'
import { getDotEnvFiles, readDevVars } from './dev-vars'
import { createRoutesApp } from './routes/create-routes-app'
import { type RouteFile, scanRoutes } from './routes/scan-routes'
import { invalidateServerModule, loadServerModule, reportError } from './vite-modules'

export interface ApiHandlerOptions {
  server: ViteDevServer
  options: ResolvedOptions
  runtime: KvRuntime
  root: string
  /** `vars` from the wrangler config, and the directory holding `.dev.vars`. */
  wrangler: { dir: string; vars: Record<string, unknown> }
  /** Traces each request's KV calls. */
  meter?: UsageMeter
  /** The TMA endpoints' key set, given to routes as `env.TMA_JWKS` unless the project sets one. */
  tma?: { jwks: string }
}

export interface ApiHandler {
  fetch(request: Request): Promise<Response>
  /** Forgets the built app: a server module changed. */
  invalidate(): void
  /** Stops following Vite's watcher. */
  close(): void
}

/** The secrets files `readDevVars` may read for `env`, in `dir`. */
function getEnvFiles(dir: string, env: string | undefined): string[] {
  const names = ['.dev.vars', ...(env === undefined ? [] : [`.dev.vars.${env}`])]
  return [...names, ...getDotEnvFiles(env)].map((name) => resolve(dir, name))
}

/**
 * Answers requests under `base` with the route files. The route table and the env files are
 * read again only when Vite's watcher reports a change to them, so a request does no file
 * work of its own: the Hono app is rebuilt when a route file is added, removed or edited, or
 * when Vite reports a changed server module.
 */
export function createApiHandler({
  server,
  options,
  runtime,
  root,
  wrangler,
  meter,
  tma,
}: ApiHandlerOptions): ApiHandler {
  const routesDir = resolve(root, options.routes)
  const entry = options.entry && resolve(root, options.entry)
  const loadedAt = new Map<string, number>()
  const warned = new Set<string>()
  let built: { signature: string; app: Promise<Hono> } | undefined
  let generation = 0
  let warnedForeign = false
  // Read on first use, and again after the watcher reports a change.
  let routesStale = true
  let secrets: Record<string, string> | undefined
  const envFiles = new Set(getEnvFiles(wrangler.dir, options.env))
  const inRoutes = (file: string) => file === routesDir || file.startsWith(routesDir + sep)
  const onFileEvent = (_event: string, path: string) => {
    const file = resolve(path)
    if (inRoutes(file)) routesStale = true
    if (envFiles.has(file)) secrets = undefined
  }
  // The routes directory and the env files may lie outside Vite's root.
  server.watcher.add([routesDir, ...envFiles])
  server.watcher.on('all', onFileEvent)
  // `server.watch: null` turns Vite's watcher off: with nothing to report a change, each
  // request reads the route table and the env files itself.
  const unwatched = server.config.server.watch === null

  let routes: RouteFile[] = []
  /** Reads the route table again; an edited file's module is re-run on its next load. */
  const rescan = () => {
    routesStale = false
    const scan = scanRoutes(routesDir, options.base)
    for (const { name, reason } of scan.skipped) {
      if (warned.has(name + reason)) continue
      warned.add(name + reason)
      server.config.logger.warn(`[kvdev] Skipped route file ${options.routes}/${name}: ${reason}.`)
    }
    for (const route of scan.routes) {
      const seen = loadedAt.get(route.file)
      if (seen !== undefined && seen !== route.mtimeMs) invalidateServerModule(server, route.file)
      if (seen !== route.mtimeMs) generation++
      loadedAt.set(route.file, route.mtimeMs)
    }
    routes = scan.routes
  }

  const getApp = () => {
    if (routesStale || unwatched) rescan()
    const signature = `${generation}|${routes.map((r) => r.file).join('|')}`
    if (built?.signature !== signature) {
      const app = createRoutesApp({
        routes,
        entry,
        personas: options.personas,
        meter,
        load: (file) => loadServerModule(server, file),
        report: (error, c) => reportError(server, error, `${c.req.method} ${c.req.path}`),
        signedOut: (reason, c) => {
          if (warnedForeign) return
          warnedForeign = true
          server.config.logger.warn(
            `[kvdev] A request from another origin ran signed out: ${reason} (${c.req.method} ${c.req.path}). The mock user is for this server's own pages, as no foreign page is signed in in production; this is said once.`,
          )
        },
      })
      built = { signature, app }
    }
    return built.app
  }

  const createEnv = () => {
    if (unwatched) secrets = undefined
    secrets ??= readDevVars(wrangler.dir, options.env)
    const env: Record<string, unknown> = { ...wrangler.vars, ...secrets }
    for (const [binding, namespace] of Object.entries(runtime.env)) env[binding] = namespace
    if (tma) env.TMA_JWKS ??= tma.jwks
    return env
  }

  return {
    async fetch(request) {
      const app = await getApp()
      const executionCtx = {
        waitUntil(promise: Promise<unknown>) {
          Promise.resolve(promise).catch((error) =>
            reportError(server, error, 'A waitUntil() promise'),
          )
        },
        passThroughOnException() {},
        props: {},
      }
      return app.fetch(request, createEnv(), executionCtx)
    },
    invalidate() {
      generation++
    },
    close() {
      server.watcher.off('all', onFileEvent)
    },
  }
}
