import { KV_LIMITS } from '../../constants'
import { api } from '../api/client'
import type { PlaycademyUser } from '../api/types'
import { useLoader } from '../hooks/use-loader'
import { formatBytes, formatCount } from '../lib/format'
import { getIdentity, getUserSub } from '../lib/identity'
import { LoadStatus } from './load-status'

/** Pages of `user:` keys read for grouping; beyond this the view says it is partial. */
const MAX_PAGES = 20

interface UserGroup {
  sub: string
  identity: string
  keys: number
  bytes: number
}

async function loadGroups(binding: string, personas: readonly PlaycademyUser[]) {
  const groups = new Map<string, UserGroup>()
  let cursor: string | undefined
  let pages = 0
  let complete = false
  while (!complete && pages < MAX_PAGES) {
    const page = await api.keys(binding, 'user:', cursor)
    for (const info of page.keys) {
      const sub = getUserSub(info.name)
      if (sub === null) continue
      let group = groups.get(sub)
      if (!group) {
        const persona = personas.find((p) => p.sub === sub)
        group = {
          sub,
          identity: persona ? `${persona.name} <${persona.email}>` : '',
          keys: 0,
          bytes: 0,
        }
        groups.set(sub, group)
      }
      group.keys++
      group.bytes += info.size
      group.identity ||= getIdentity(info.metadata)
    }
    cursor = page.cursor
    complete = page.list_complete || !cursor
    pages++
  }
  return { groups: [...groups.values()], complete }
}

interface UserGroupsProps {
  binding: string
  version: number
  personas: readonly PlaycademyUser[]
  onPick: (prefix: string) => void
}

/** User-scoped keys (`user:<sub>:…`) grouped by sub, with who the user is. */
export function UserGroups({ binding, version, personas, onPick }: UserGroupsProps) {
  const { data, error } = useLoader(
    () => loadGroups(binding, personas),
    [binding, version, personas],
  )
  if (error || !data) return <LoadStatus error={error} />
  if (data.groups.length === 0) return <p class="hint">No user keys (user:&lt;sub&gt;:…).</p>
  return (
    <>
      {!data.complete ? (
        <p class="hint">
          Showing the first {formatCount(MAX_PAGES * KV_LIMITS.MAX_LIST_LIMIT)} user keys.
        </p>
      ) : null}
      <table class="groups" aria-label="Keys by user">
        <thead>
          <tr>
            <th>User</th>
            <th>Identity</th>
            <th class="num">Keys</th>
            <th class="num">Bytes</th>
          </tr>
        </thead>
        <tbody>
          {data.groups.map((group) => (
            <tr key={group.sub}>
              <td>
                <button type="button" class="link" onClick={() => onPick(`user:${group.sub}:`)}>
                  {group.sub}
                </button>
              </td>
              <td>{group.identity}</td>
              <td class="num">{formatCount(group.keys)}</td>
              <td class="num">{formatBytes(group.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
