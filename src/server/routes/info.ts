import { isAbsolute, relative, sep } from 'node:path'
import type { Route } from '../context'
import { jsonResponse } from '../respond'

/** `GET info`: bindings and the seed file, shown relative to the project (no machine paths in the page). */
export const getInfo: Route = async ({ runtime, seedFile, root }) => {
  const seed = seedFile && (isAbsolute(seedFile) ? relative(root, seedFile) : seedFile)
  return jsonResponse({
    bindings: runtime.bindings.map(({ binding, id }) => ({ binding, id })),
    seedFile: seed ? seed.split(sep).join('/') : null,
    readOnlyReason: null,
  })
}
