import type { ViteDevServer } from 'vite'

/** Marks a file's server-side module (and its importers) stale, so the next load re-runs it. */
export function invalidateServerModule(server: ViteDevServer, file: string): void {
  const graph = server.environments?.ssr?.moduleGraph
  if (graph) {
    const seen = new Set<Parameters<typeof graph.invalidateModule>[0]>()
    for (const mod of graph.getModulesByFile(file) ?? []) graph.invalidateModule(mod, seen)
    return
  }
  const legacy = server.moduleGraph
  for (const mod of legacy.getModulesByFile(file) ?? []) legacy.invalidateModule(mod)
}

/** Loads a server-only module through Vite: TypeScript, aliases and source maps apply. */
export async function loadServerModule(
  server: ViteDevServer,
  file: string,
): Promise<Record<string, unknown>> {
  // `ssrLoadModule` works on Vite 6, 7 and 8; the module runner API differs between them.
  return (await server.ssrLoadModule(file, { fixStacktrace: true })) as Record<string, unknown>
}

/** Logs an error thrown by app code with its source-mapped stack, through Vite's logger. */
export function reportError(server: ViteDevServer, error: unknown, where: string): void {
  if (error instanceof Error) server.ssrFixStacktrace(error)
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
  server.config.logger.error(`[kvdev] ${where} threw:\n${detail}`, {
    timestamp: true,
    error: error instanceof Error ? error : undefined,
  })
}
