import type { KvKeyInfo, KvStats, KvValueType } from '../../types/records'
import type { PlaycademyUser } from '../../users/types'

export type { KvChangeEvent, KvKeyInfo, KvStats, KvValueType } from '../../types/records'
export type { PlaycademyUser } from '../../users/types'

export interface InfoResponse {
  bindings: { binding: string; id: string }[]
  seedFile: string | null
  readOnlyReason: string | null
}

export interface KeysPage {
  keys: KvKeyInfo[]
  list_complete: boolean
  cursor?: string
}

export interface CountResponse {
  total: number
  matched: number
}

export interface KeyDetail {
  name: string
  size: number
  type: KvValueType
  expiration?: number
  metadata?: unknown
  preview: string
  previewEncoding: 'utf8' | 'base64'
  truncated: boolean
}

export interface UsersResponse {
  personas: PlaycademyUser[]
  active: string
}

export interface PutValueBody {
  value: string
  base64?: boolean
  metadata?: unknown
  expiration?: number
  expiration_ttl?: number
  ifAbsent?: boolean
}

export type StatsResponse = KvStats
