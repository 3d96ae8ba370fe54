import { type Context, Hono, type Next } from 'hono'
import { getCookie } from 'hono/cookie'
import { matchedRoutes, routePath } from 'hono/route'
import {
  DEFAULT_LOCATION,
  LOCATION_COOKIE,
  LOCATION_HEADER,
  LOCATION_PATTERN,
} from '../../realism/propagation'
import type { UsageMeter } from '../../usage/meter'
import { traceEnv } from '../../usage/trace-scope'
import type { TracedOp } from '../../usage/types'
import { getForeignReason } from '../../users/foreign-request'
import type { Personas } from '../../users/personas'
import {
  createMethodDispatcher,
  getMethodHandlers,
  isFetchHandler,
  isHonoApp,
} from './route-module'
import type { RouteFile } from './scan-routes'

type RouteModule = Record<string, unknown>

export interface RoutesAppOptions {
  routes: RouteFile[]
  /** Loads a module through Vite, so TypeScript, source maps and edits just work. */
  load(file: string): Promise<RouteModule>
  /** The `entry` module, answering what no route file matches. */
  entry?: string
  personas: Personas
  /** Logs a handler's error (with its source-mapped stack) to the terminal. */
  report(error: unknown, c: Context): void
  /** Says why a request from another origin runs signed out. */
  signedOut(reason: string, c: Context): void
  /** Records each request's KV calls; without it requests are not traced. */
  meter?: UsageMeter
}

interface HttpErrorLike {
  getResponse(): Response
}

function isHttpError(error: unknown): error is HttpErrorLike {
  return typeof (error as HttpErrorLike | null)?.getResponse === 'function'
}

/** Registers `path` and everything below it (for mounted apps and fetch handlers). */
function allBelow(app: Hono, path: string, handler: (c: Context) => Response | Promise<Response>) {
  app.all(path, handler)
  app.all(path === '/' ? '/*' : `${path}/*`, handler)
}

function mount(app: Hono, path: string, name: string, mod: RouteModule): void {
  const handlers = getMethodHandlers(mod)
  if (handlers.size > 0) app.all(path, createMethodDispatcher(handlers, name))
  const main = mod.default
  if (isHonoApp(main)) app.route(path, main)
  else if (isFetchHandler(main))
    allBelow(app, path, (c) => main.fetch(c.req.raw, c.env, c.executionCtx))
  else if (handlers.size === 0) {
    allBelow(app, path, () => {
      throw new Error(
        `[kvdev] Route file exports no handler: ${name}. Export GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS, or a default Hono app.`,
      )
    })
  }
}

async function loadOrFail(load: RoutesAppOptions['load'], file: string) {
  try {
    return { mod: await load(file) }
  } catch (error) {
    return { error }
  }
}

/**
 * Builds the Hono app serving the route files: sets `playcademyUser` for every request of
 * the app's own origin (requests a browser marks as another origin's run signed out),
 * mounts each file at its path, then the `entry` app for what no file matches.
 * A file that fails to load answers 500 on its own path; the others keep working.
 */
export async function createRoutesApp(options: RoutesAppOptions): Promise<Hono> {
  const app = new Hono()
  const signIn = async (c: Context, next: Next) => {
    // As in production, no page of another origin is signed in as the player.
    const foreign = getForeignReason(c.req.raw)
    if (foreign) {
      options.signedOut(foreign, c)
      c.set('playcademyUser', undefined)
      // Not `return next()`: Hono's next resolves to the Context, which is no Response.
      await next()
      return
    }
    const selected = options.personas.resolve(c.req.raw.headers)
    if ('error' in selected) return c.json({ error: selected.error }, 400)
    c.set('playcademyUser', selected.user ?? undefined)
    await next()
  }
  const { meter } = options
  app.use('*', async (c, next) => {
    if (!meter) return signIn(c, next)
    const trace = meter.begin({ method: c.req.method, path: c.req.path })
    const named = c.req.header(LOCATION_HEADER)?.trim() || getCookie(c, LOCATION_COOKIE)
    const location = named && LOCATION_PATTERN.test(named) ? named : DEFAULT_LOCATION
    const scope = { record: (op: TracedOp) => meter.record(trace, op), location }
    let response: Response | undefined
    try {
      c.env = traceEnv(c.env ?? {}, scope)
      response = (await signIn(c, next)) ?? undefined
      return response
    } finally {
      // Only this middleware matched: no route answered.
      const route = matchedRoutes(c).length > 1 ? routePath(c, -1) : null
      const persona = c.get('playcademyUser')?.sub ?? 'anonymous'
      meter.end(trace, { status: (response ?? c.res).status, route, persona })
    }
  })
  const loaded = await Promise.all(options.routes.map((r) => loadOrFail(options.load, r.file)))
  for (const [i, route] of options.routes.entries()) {
    const { mod, error } = loaded[i]!
    if (mod) mount(app, route.path, route.name, mod)
    else
      allBelow(app, route.path, () => {
        throw error
      })
  }
  if (options.entry) {
    const { mod, error } = await loadOrFail(options.load, options.entry)
    const main = mod?.default
    if (isHonoApp(main)) app.route('/', main)
    else if (isFetchHandler(main)) app.all('*', (c) => main.fetch(c.req.raw, c.env, c.executionCtx))
    else
      app.all('*', () => {
        throw (
          error ??
          new Error(
            `[kvdev] The \`entry\` module has no usable default export: ${options.entry}. Export a Hono app or { fetch }.`,
          )
        )
      })
  }
  app.notFound((c) =>
    c.json(
      { error: `[kvdev] No API route for ${c.req.method} ${c.req.path}. Add a route file for it.` },
      404,
    ),
  )
  app.onError((error, c) => {
    if (isHttpError(error)) return error.getResponse()
    options.report(error, c)
    const message = error instanceof Error ? error.message : String(error)
    return c.json({ error: `${c.req.method} ${c.req.path} failed: ${message}` }, 500)
  })
  return app
}
