import { api } from '../api/client'
import { useLoader } from '../hooks/use-loader'

/** The production modes on, so nobody mistakes a 429 or a refused value for a kvdev bug. */
export function RealismBadges() {
  const { data } = useLoader(() => api.realism(), [])
  if (!data || data.modes.length === 0) return null
  return (
    <ul class="realism" aria-label="Production modes">
      {data.modes.map((mode) => (
        <li key={mode} class="badge warn">
          {mode}
        </li>
      ))}
    </ul>
  )
}
