import type { ClientResponse, hc, InferResponseType } from 'hono/client'
import type { KvdevApi } from '../../http/api'

export type { RequestsSnapshot } from '../../http/routes/request-events'
export type { PutValueBody } from '../../http/routes/value-write'
export type { KvChangeEvent, KvKeyInfo, KvStats, KvValueType } from '../../types/records'
export type { RequestTrace } from '../../usage/types'
export type { PlaycademyUser } from '../../users/types'

/** The typed client of kvdev's API: requests and responses read from the server's routes. */
export type KvdevClient = ReturnType<typeof hc<KvdevApi>>

/** The JSON a route answers with on success. */
type Ok<T extends (...args: never[]) => Promise<ClientResponse<unknown>>> = InferResponseType<
  T,
  200
>

export type InfoResponse = Ok<KvdevClient['info']['$get']>
export type KeysPage = Ok<KvdevClient['keys']['$get']>
export type CountResponse = Ok<KvdevClient['count']['$get']>
export type KeyDetail = Ok<KvdevClient['key']['$get']>
export type UsersResponse = Ok<KvdevClient['users']['$get']>
export type StatsResponse = Ok<KvdevClient['stats']['$get']>
