import { formatBytes, formatCount } from '../lib/format'
import { PrefixCell } from './prefix-cell'

/** One prefix group as a table row: name (a filter link), key count, bytes. */
export function PrefixRow({
  group,
  onPick,
}: {
  group: { prefix: string; keys: number; bytes: number }
  onPick: (prefix: string) => void
}) {
  return (
    <tr>
      <td>
        <PrefixCell prefix={group.prefix} onPick={onPick} />
      </td>
      <td class="num">{formatCount(group.keys)}</td>
      <td class="num">{formatBytes(group.bytes)}</td>
    </tr>
  )
}
