import type { ResolvedEndpoints } from './options'
import { rocketstackRoutes } from './rocketstack-routes'
import type { RestRoute } from './route-table'
import { workertownRoutes } from './workertown-routes'

export type { RestRoute, RouteContext } from './route-table'

/** Every route the service serves, in one table: the app and its OpenAPI document read it. */
export function getRestRoutes(endpoints: ResolvedEndpoints): RestRoute[] {
  return [...workertownRoutes(endpoints), ...rocketstackRoutes(endpoints)]
}
