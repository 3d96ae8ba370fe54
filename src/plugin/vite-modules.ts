import type { DevEnvironment, RunnableDevEnvironment, ViteDevServer } from 'vite'
import { KvdevError } from '../errors'

type Runner = RunnableDevEnvironment['runner']

/**
 * Vite's `isRunnableDevEnvironment`, by shape: it is an `instanceof` check against the copy of
 * Vite that kvdev imports, which need not be the one running the server (a linked package).
 */
function isRunnable(
  environment: DevEnvironment | undefined,
): environment is RunnableDevEnvironment {
  return (
    typeof (environment as Partial<RunnableDevEnvironment> | undefined)?.runner?.import ===
    'function'
  )
}

/** The SSR environment's module runner: route modules run in Node, in this process. */
function getRunner(server: ViteDevServer): Runner {
  const ssr = server.environments.ssr
  if (!ssr || !isRunnable(ssr)) {
    throw new KvdevError(
      'ERR_OPTION',
      `[kvdev] Vite's ssr environment is not runnable: ${ssr?.constructor.name ?? 'none'}. Route files run through it in Node: keep \`environments.ssr\` a runnable environment.`,
    )
  }
  return ssr.runner
}

/** Forgets the runner's evaluated copy of `file` and of every module importing it. */
function invalidateRunnerModule(runner: Runner, file: string): void {
  const modules = runner.evaluatedModules
  const queue = [...(modules.getModulesByFile(file) ?? [])]
  const seen = new Set<string>()
  for (let node = queue.pop(); node; node = queue.pop()) {
    if (seen.has(node.id)) continue
    seen.add(node.id)
    modules.invalidateModule(node)
    for (const importer of node.importers) {
      const mod = modules.getModuleById(importer)
      if (mod) queue.push(mod)
    }
  }
}

/** Marks a file's server-side module (and its importers) stale, so the next load re-runs it. */
export function invalidateServerModule(server: ViteDevServer, file: string): void {
  const ssr = server.environments.ssr
  if (!ssr) return
  const graph = ssr.moduleGraph
  const seen = new Set<Parameters<typeof graph.invalidateModule>[0]>()
  for (const mod of graph.getModulesByFile(file) ?? []) graph.invalidateModule(mod, seen)
  if (isRunnable(ssr)) invalidateRunnerModule(ssr.runner, file)
}

/**
 * Loads a server-only module through the SSR environment's module runner: TypeScript, aliases
 * and source maps apply (the runner maps stacks through Node's source map support).
 */
export async function loadServerModule(
  server: ViteDevServer,
  file: string,
): Promise<Record<string, unknown>> {
  return (await getRunner(server).import(file)) as Record<string, unknown>
}

/** Logs an error thrown by app code with its source-mapped stack, through Vite's logger. */
export function reportError(server: ViteDevServer, error: unknown, where: string): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
  server.config.logger.error(`[kvdev] ${where} threw:\n${detail}`, {
    timestamp: true,
    error: error instanceof Error ? error : undefined,
  })
}
