import { api } from '../api/client'
import { useLoader } from '../hooks/use-loader'
import { LoadStatus } from './load-status'
import { PrefixRow } from './prefix-row'

interface PrefixGroupsProps {
  binding: string
  version: number
  onPick: (prefix: string) => void
}

/** Keys grouped by their text up to the first `:` (`user:`, `session:`, `cache:` …). */
export function PrefixGroups({ binding, version, onPick }: PrefixGroupsProps) {
  const { data, error } = useLoader(() => api.stats(binding, ''), [binding, version])
  if (error || !data) return <LoadStatus error={error} />
  return (
    <table class="groups" aria-label="Keys by prefix">
      <thead>
        <tr>
          <th>Prefix</th>
          <th class="num">Keys</th>
          <th class="num">Bytes</th>
        </tr>
      </thead>
      <tbody>
        {data.prefixes.map((group) => (
          <PrefixRow key={group.prefix} group={group} onPick={onPick} />
        ))}
      </tbody>
    </table>
  )
}
