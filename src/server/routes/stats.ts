import type { Route } from '../context'
import { getPrefix, getStore } from '../query'
import { jsonResponse } from '../respond'

/** `GET stats`: key count, bytes, largest keys and prefix groups. */
export const getStats: Route = async (context) =>
  jsonResponse(await getStore(context).stats(getPrefix(context)))
