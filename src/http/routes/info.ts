import { isAbsolute, relative, sep } from 'node:path'
import type { Context } from 'hono'
import type { KvdevApiEnv } from '../env'

/** `GET info`: bindings and the seed file, shown relative to the project (no machine paths in the page). */
export function getInfo(c: Context<KvdevApiEnv>) {
  const { runtime, seedFile, root } = c.var
  const seed = seedFile && (isAbsolute(seedFile) ? relative(root, seedFile) : seedFile)
  return c.json({
    bindings: runtime.bindings.map(({ binding, id }) => ({ binding, id })),
    seedFile: seed ? seed.split(sep).join('/') : null,
    readOnlyReason: null as string | null,
  })
}
