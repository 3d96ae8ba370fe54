import { api } from '../api/client'
import { useLoader } from '../hooks/use-loader'
import { formatBytes, formatCount } from '../lib/format'
import { showControls } from '../lib/visible-text'
import { LoadStatus } from './load-status'
import { PrefixRow } from './prefix-row'
import { UsagePanel } from './usage-panel'

interface StatsPanelProps {
  binding: string
  prefix: string
  version: number
  onOpen: (name: string) => void
  onPick: (prefix: string) => void
}

/** Key count, total bytes, the largest keys, and counts and bytes by prefix. */
export function StatsPanel({ binding, prefix, version, onOpen, onPick }: StatsPanelProps) {
  const { data, error } = useLoader(() => api.stats(binding, prefix), [binding, prefix, version])
  if (error || !data) return <LoadStatus error={error} />
  return (
    <section class="stats" aria-label="Statistics">
      <div class="tiles">
        <div class="tile">
          <span class="tile-value" data-stat="keys">
            {formatCount(data.keys)}
          </span>
          <span class="tile-label">keys{prefix ? ` under ${prefix}` : ''}</span>
        </div>
        <div class="tile">
          <span class="tile-value" data-stat="bytes">
            {formatBytes(data.bytes)}
          </span>
          <span class="tile-label">total size</span>
        </div>
      </div>
      <h3>Largest keys</h3>
      <ol class="largest">
        {data.largest.map((entry) => (
          <li key={entry.name}>
            <button type="button" class="link" onClick={() => onOpen(entry.name)}>
              {showControls(entry.name)}
            </button>
            <span class="muted">{formatBytes(entry.size)}</span>
          </li>
        ))}
      </ol>
      <h3>By prefix</h3>
      <table class="groups">
        <tbody>
          {data.prefixes.map((group) => (
            <PrefixRow key={group.prefix} group={group} onPick={onPick} />
          ))}
        </tbody>
      </table>
      <UsagePanel />
    </section>
  )
}
